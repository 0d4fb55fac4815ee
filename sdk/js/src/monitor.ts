// ServiceMonitor: the seed's backend monitor. Fed by the live event stream (resuming with Last-Event-ID after any
// disconnect, a server restart included) or by webhooks (Standard Webhooks signatures verified, deliveries deduped by
// webhook-id), it raises contribution, highImpact, suspicious, reward and checkpoint alerts; each event id once.
import { problemError, UnauthorizedError, type ProblemDetails } from "./errors.js";
import { readServerSentEvents, type EventEnvelope } from "./events.js";
import { headersFor, raiseProblem, send, type Fetch } from "./http.js";
import type { ServiceTracker } from "./tracker.js";
import { verifyWebhook } from "./webhooks.js";

export interface AlertThresholds {
  /** A contribution whose impact score reaches this raises `highImpact` (default: the server's own `contribution.high_impact`). */
  highImpactContribution?: number;
  /** An `activity.suspicious` event whose score reaches this raises `suspicious` (default: every one the server sends). */
  suspiciousActivity?: number;
}

export interface ServiceMonitorOptions {
  /** The service, for following its stream (and registering a webhook). */
  server?: string;
  /** Where this monitor receives webhooks (its public URL), for `registerWebhook`. */
  webhookUrl?: string;
  /** The endpoint's secret (`whsec_…`), to verify deliveries. */
  webhookSecret?: string;
  alertThresholds?: AlertThresholds;
  /** Signs requests: moderators see `activity.suspicious`, admins register webhooks. */
  tracker?: ServiceTracker;
  /** Event types to follow (default: all the caller may see). */
  types?: string[];
  /** Resume after this event id. */
  lastEventId?: string;
  /** Wait before reconnecting (default: the server's `retry:`, else 1000 ms). */
  reconnectDelayMs?: number;
  fetch?: Fetch;
}

export type MonitorEvent = "contribution" | "highImpact" | "suspicious" | "reward" | "checkpoint" | "badge" | "leaderboard" | "event" | "connected" | "error";

type Handler = (data: any, envelope: EventEnvelope) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The minimal shape of Node's IncomingMessage (or Express's request) the webhook handler reads. */
export interface IncomingRequest extends AsyncIterable<unknown> {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** The minimal shape of Node's ServerResponse the webhook handler writes. */
export interface OutgoingResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

const contributionTypes = new Set(["contribution.recorded", "contribution.verified", "contribution.rejected", "contribution.recognized"]);

export class ServiceMonitor {
  private readonly options: ServiceMonitorOptions;
  private readonly handlers = new Map<MonitorEvent, Handler[]>();
  private readonly seen = new Set<string>();
  private readonly inFlight = new Set<string>();
  private readonly alerted = new Set<string>();
  private readonly fetcher: Fetch;
  private secret: string | undefined;
  private last: string | undefined;
  private stop: AbortController | undefined;
  private following: Promise<void> | undefined;

  constructor(options: ServiceMonitorOptions = {}) {
    this.options = options;
    this.secret = options.webhookSecret;
    this.last = options.lastEventId;
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The id of the last event handled: keep it to resume a later monitor after it. */
  get lastEventId(): string | undefined {
    return this.last;
  }

  on(event: MonitorEvent, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  off(event: MonitorEvent, handler: Handler): this {
    this.handlers.set(event, (this.handlers.get(event) ?? []).filter((h) => h !== handler));
    return this;
  }

  /** Follows the server's event stream until `close()`, reconnecting with Last-Event-ID after every disconnect. */
  follow(): this {
    if (this.following) return this;
    const server = this.options.server ?? this.options.tracker?.server;
    if (!server) throw new TypeError("follow() needs a `server` (or a tracker)");
    this.stop = new AbortController();
    this.following = this.loop(server, this.stop.signal);
    return this;
  }

  /** Stops following; resolves once the stream is closed. */
  async close(): Promise<void> {
    this.stop?.abort();
    await this.following;
    this.following = undefined;
  }

  /** Creates the server-side webhook that delivers to `webhookUrl` (needs an admin's tracker) and keeps its secret. */
  async registerWebhook(types?: string[]): Promise<{ id: string; url: string; types: string[]; secret: string }> {
    const tracker = this.options.tracker;
    if (!tracker || !this.options.webhookUrl) throw new TypeError("registerWebhook needs a tracker signed in as an admin and a webhookUrl");
    const session = tracker.session ?? (await tracker.signIn());
    const created = await send<{ id: string; url: string; types: string[]; secret: string }>(this.fetcher, tracker.server, "api/v1/admin/webhooks", {
      token: session.token,
      body: JSON.stringify({ url: this.options.webhookUrl, ...(types ?? this.options.types ? { types: types ?? this.options.types } : {}) }),
    });
    this.secret = created.secret;
    return created;
  }

  /**
   * A request handler for Node's `http` or Express (mount it without a JSON body parser, or with `express.raw()`):
   * verifies the Standard Webhooks signature over the exact bytes received (400 when it does not verify), answers 204,
   * and hands each webhook-id to the handlers once; a handler that throws answers 500, so the service delivers again.
   */
  webhookHandler(): (request: IncomingRequest, response: OutgoingResponse) => Promise<void> {
    return async (request, response) => {
      const reply = (status: number, text?: string) => {
        response.statusCode = status;
        if (text) response.setHeader("content-type", "text/plain; charset=utf-8");
        response.end(text);
      };
      if (!this.secret) return reply(500, "this monitor has no webhook secret");
      let body: string | Uint8Array;
      if (typeof request.body === "string" || request.body instanceof Uint8Array) body = request.body;
      else if (request.body !== undefined && request.body !== null && typeof request.body === "object" && Object.keys(request.body).length > 0) {
        return reply(500, "the body was parsed before the webhook handler; mount it with express.raw() so the signed bytes are kept");
      } else {
        const chunks: Uint8Array[] = [];
        for await (const chunk of request) chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : (chunk as Uint8Array));
        body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
        let at = 0;
        for (const c of chunks) {
          (body as Uint8Array).set(c, at);
          at += c.length;
        }
      }
      let envelope: EventEnvelope;
      try {
        envelope = verifyWebhook(this.secret, request.headers, body);
      } catch (error) {
        this.emit("error", error, undefined);
        return reply(400, (error as Error).message);
      }
      try {
        await this.dispatch(envelope);
        reply(204);
      } catch (error) {
        this.emit("error", error, envelope);
        reply(500, "a handler failed; deliver again");
      }
    };
  }

  /** Hands an event to the handlers unless its id was handled already; a handler's failure leaves it unhandled. */
  async dispatch(envelope: EventEnvelope): Promise<void> {
    if (this.seen.has(envelope.id) || this.inFlight.has(envelope.id)) return;
    this.inFlight.add(envelope.id);
    try {
      await this.route(envelope);
      this.seen.add(envelope.id);
      if (this.seen.size > 100_000) this.seen.delete(this.seen.values().next().value as string);
    } finally {
      this.inFlight.delete(envelope.id);
    }
  }

  private async route(envelope: EventEnvelope): Promise<void> {
    const { type } = envelope;
    const data = envelope.data as Record<string, unknown>;
    const thresholds = this.options.alertThresholds ?? {};
    const jobs: Array<[MonitorEvent, unknown]> = [["event", envelope]];
    if (contributionTypes.has(type)) jobs.push(["contribution", data]);
    if (type.startsWith("contribution.") && typeof data.recordId === "string" && !this.alerted.has(data.recordId)) {
      const high = thresholds.highImpactContribution === undefined
        ? type === "contribution.high_impact"
        : typeof data.impactScore === "number" && data.impactScore >= thresholds.highImpactContribution;
      if (high) {
        this.alerted.add(data.recordId);
        jobs.push(["highImpact", data]);
      }
    }
    if (type === "activity.suspicious" && (typeof data.score === "number" ? data.score : 0) >= (thresholds.suspiciousActivity ?? 0)) jobs.push(["suspicious", data]);
    if (type === "reward.distributed") jobs.push(["reward", data]);
    if (type === "checkpoint.published") jobs.push(["checkpoint", data]);
    if (type === "badge.granted") jobs.push(["badge", data]);
    if (type === "leaderboard.changed") jobs.push(["leaderboard", data]);
    for (const [name, payload] of jobs) {
      for (const handler of this.handlers.get(name) ?? []) await handler(payload, envelope);
    }
  }

  private emit(name: MonitorEvent, payload: unknown, envelope: EventEnvelope | undefined): void {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        void Promise.resolve(handler(payload, envelope as EventEnvelope)).catch(() => undefined);
      } catch {
        // an error handler that throws has nowhere to go
      }
    }
  }

  private async loop(server: string, signal: AbortSignal): Promise<void> {
    let delay = this.options.reconnectDelayMs ?? 1000;
    const base = server.endsWith("/") ? server : `${server}/`;
    while (!signal.aborted) {
      try {
        const url = new URL("api/v1/events", base);
        if (this.options.types?.length) url.searchParams.set("types", this.options.types.join(","));
        const tracker = this.options.tracker;
        const token = tracker ? (tracker.session ?? (await tracker.signIn())).token : undefined;
        const headers = headersFor({ token, headers: this.last ? { "last-event-id": this.last } : {} }, "text/event-stream");
        const response = await this.fetcher(url, { headers, signal });
        if (!response.ok) {
          if (response.status === 401 && tracker) tracker.signOut();
          await raiseProblem(response);
        }
        this.emit("connected", { lastEventId: this.last }, undefined);
        for await (const message of readServerSentEvents(response.body as ReadableStream<BufferSource>)) {
          if (message.retry !== undefined && this.options.reconnectDelayMs === undefined) delay = message.retry;
          if (message.data.length === 0) continue;
          if (message.event === "stream.reset") {
            // The server no longer holds the events after our last id (retention): say so; the stream goes on from now.
            const problem = JSON.parse(message.data) as ProblemDetails;
            this.emit("error", problemError({ ...problem, status: problem.status ?? 410 }), undefined);
            if (message.id) this.last = message.id;
            continue;
          }
          const envelope = JSON.parse(message.data) as EventEnvelope;
          try {
            await this.dispatch(envelope);
          } catch (error) {
            this.emit("error", error, envelope);
          }
          this.last = message.id ?? envelope.id; // the stream's own order; webhooks may arrive in any
        }
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof UnauthorizedError) this.options.tracker?.signOut();
        this.emit("error", error, undefined);
      }
      if (signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  }
}
