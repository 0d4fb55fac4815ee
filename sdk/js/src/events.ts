// Live events: the envelope the stream and the webhooks share, and a reader of the text/event-stream format.

/** `{"id", "type", "timestamp", "data"}`, the same on the stream and in webhooks. */
export interface EventEnvelope<T = Record<string, unknown>> {
  id: string;
  type: string;
  timestamp: number;
  data: T;
}

export interface ServerSentEvent {
  id: string | undefined;
  event: string;
  data: string;
  retry: number | undefined;
}

/** Reads Server-Sent Events per the WHATWG rules: fields up to a blank line make an event; comments are skipped. */
export async function* readServerSentEvents(body: ReadableStream<BufferSource>): AsyncGenerator<ServerSentEvent> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let id: string | undefined;
  let event: string | undefined;
  let data: string[] = [];
  let retry: number | undefined;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, end);
        const newline = buffer.startsWith("\r\n", end) ? 2 : 1;
        if (buffer[end] === "\r" && end + 1 === buffer.length) break; // a CR at the end may be half of a CRLF
        buffer = buffer.slice(end + newline);
        if (line === "") {
          if (data.length > 0 || retry !== undefined) yield { id, event: event ?? "message", data: data.join("\n"), retry };
          event = undefined;
          data = [];
          retry = undefined;
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "id" && !value.includes("\0")) id = value;
        else if (field === "event") event = value;
        else if (field === "data") data.push(value);
        else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
