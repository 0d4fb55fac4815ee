// Standard Webhooks (standardwebhooks.com) verification, as the service signs deliveries: webhook-signature holds
// `v1,<base64 HMAC-SHA256("{webhook-id}.{webhook-timestamp}.{body}")>` keyed with the secret's bytes after `whsec_`.
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { equal, fromBase64, toBase64, utf8 } from "./bytes.js";
import { WebhookVerificationError } from "./errors.js";
import type { EventEnvelope } from "./events.js";

/** Headers as Node gives them (lower-case names) or a fetch `Headers`. */
export type HeaderBag = Record<string, string | string[] | undefined> | { get(name: string): string | null };

const header = (headers: HeaderBag, name: string): string | undefined => {
  if (typeof (headers as { get?: unknown }).get === "function") return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Checks a delivery's signature and timestamp (within `toleranceSeconds`, default 300) and returns its envelope. */
export function verifyWebhook(secret: string, headers: HeaderBag, body: string | Uint8Array, toleranceSeconds = 300): EventEnvelope {
  const key = fromBase64(secret.startsWith("whsec_") ? secret.slice(6) : secret);
  if (!key) throw new WebhookVerificationError("the webhook secret is not whsec_ followed by base64");
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature");
  const sentAt = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - sentAt) > toleranceSeconds) {
    throw new WebhookVerificationError(`webhook-timestamp ${timestamp} is not within ${toleranceSeconds} s of now`);
  }
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  const expected = hmac(sha256, key, utf8(`${id}.${timestamp}.${text}`));
  const matches = signatures.split(" ").some((entry) => {
    const [version, value] = entry.split(",", 2);
    const given = version === "v1" && value ? fromBase64(value) : null;
    return given !== null && equal(given, expected);
  });
  if (!matches) throw new WebhookVerificationError("no webhook-signature matches the body");
  return JSON.parse(text) as EventEnvelope;
}

/** The signature header value for a body (for tests and for relaying). */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = fromBase64(secret.startsWith("whsec_") ? secret.slice(6) : secret);
  if (!key) throw new WebhookVerificationError("the webhook secret is not whsec_ followed by base64");
  return `v1,${toBase64(hmac(sha256, key, utf8(`${id}.${timestamp}.${body}`)))}`;
}
