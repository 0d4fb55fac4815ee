// A webhook receiver that verifies each delivery with the Standard Webhooks library (npm `standardwebhooks`).
// Usage: WEBHOOK_SECRET=whsec_... node webhook-receiver.mjs [port]   (listens on 127.0.0.1)
import http from "node:http";
import { Webhook } from "standardwebhooks";

export function startReceiver(secret, port, onEvent) {
  const webhook = new Webhook(secret);
  const seen = new Set(); // webhook-id is the event id, the same on every retry: deliver each once to the application
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8"); // verify the exact bytes received
      let event;
      try {
        event = webhook.verify(body, request.headers);     // checks webhook-signature and a timestamp within 5 minutes
      } catch (error) {
        response.writeHead(400).end(`invalid signature: ${error.message}`);
        return;
      }
      response.writeHead(204).end();
      if (!seen.has(request.headers["webhook-id"])) {
        seen.add(request.headers["webhook-id"]);
        onEvent(event, request.headers);
      }
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 8787);
  await startReceiver(process.env.WEBHOOK_SECRET, port, (event) => console.log(`${event.id} ${event.type} ${JSON.stringify(event.data)}`));
  console.log(`listening on http://127.0.0.1:${port}/`);
}
