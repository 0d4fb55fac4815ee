// Interop check for live events: an admin creates a webhook, a contributor records (record.mjs), and the event must
// arrive both on the Server-Sent Events stream and at the webhook, verified by the `standardwebhooks` library.
// Usage: SVTRACK_ADMIN_KEY=0x... node events.mjs <server> <receiver port>
import { spawn } from "node:child_process";
import { Wallet } from "ethers";
import { signIn } from "./signin.mjs";
import { startReceiver } from "./webhook-receiver.mjs";

const [server, port] = [process.argv[2], Number(process.argv[3])];
const admin = new Wallet(process.env.SVTRACK_ADMIN_KEY);
const token = await signIn(server, admin);
const created = await fetch(`${server}/api/v1/admin/webhooks`, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  body: JSON.stringify({ url: `http://127.0.0.1:${port}/`, types: ["contribution.recorded"] }),
});
if (created.status !== 201) throw new Error(`creating the webhook: ${created.status} ${await created.text()}`);
const { secret } = await created.json();

let fromWebhook;
const received = new Promise((resolve) => { fromWebhook = resolve; });
const receiver = await startReceiver(secret, port, (event) => fromWebhook(event));

// The stream, read with fetch: each event is "id: …", "event: …", "data: …" and a blank line.
const stream = await fetch(`${server}/api/v1/events?types=contribution.recorded`, { headers: { accept: "text/event-stream" } });
const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
const fromStream = (async () => {
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the stream ended");
    buffer += value;
    for (let end; (end = buffer.indexOf("\n\n")) >= 0; buffer = buffer.slice(end + 2)) {
      const data = buffer.slice(0, end).split("\n").find((line) => line.startsWith("data: "));
      if (data) return JSON.parse(data.slice(6));
    }
  }
})();

const child = spawn(process.execPath, [new URL("./record.mjs", import.meta.url).pathname, server], { stdio: "inherit" });
await new Promise((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`record.mjs exited ${code}`)))));

const timeout = (what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`no ${what} within 20 s`)), 20000).unref());
const [hooked, streamed] = await Promise.all([Promise.race([received, timeout("webhook")]), Promise.race([fromStream, timeout("stream event")])]);
if (JSON.stringify(hooked) !== JSON.stringify(streamed)) throw new Error(`webhook ${JSON.stringify(hooked)} differs from stream ${JSON.stringify(streamed)}`);
if (hooked.type !== "contribution.recorded" || hooked.data.contributor !== null) throw new Error(`unexpected event ${JSON.stringify(hooked)}`);
console.log(`event ${hooked.id} (${hooked.type}, ${hooked.data.displayName}) on the stream and at the webhook, signature verified by standardwebhooks`);
await reader.cancel();
receiver.close();
