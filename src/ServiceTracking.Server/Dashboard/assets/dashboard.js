// The dashboard's behaviour: the wallet bridge (EIP-1193 `request`, found through EIP-6963 or window.ethereum),
// Sign-In with Ethereum, live updates from the event stream, and the signed-in pages, which use the public JSON API
// exactly as any integrator does (same rules, same privacy). No framework, nothing fetched from elsewhere.

import { toChecksumAddress } from "./keccak.js";

const SESSION = "svtrack.session";
const $ = (selector, root = document) => root.querySelector(selector);
const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
const fmt = (n) => Number(n).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const when = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
const name = (wire) => { const w = String(wire).replaceAll("_", " ").toLowerCase(); return w.charAt(0).toUpperCase() + w.slice(1); };
const hex = (bytes) => "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

export function session() {
  try { return JSON.parse(sessionStorage.getItem(SESSION) ?? "null"); } catch { return null; }
}

function toast(message, isError = false) {
  const box = $("#toast");
  box.textContent = message;
  box.className = isError ? "problem" : "";
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.textContent = ""; }, 8000);
}

/** The API's RFC 9457 problem, as an error. */
class ApiError extends Error {
  constructor(problem) {
    const errors = problem.errors ? " " + Object.values(problem.errors).flat().join(" ") : "";
    super(`${problem.title ?? "Error"}: ${problem.detail ?? ""}${errors}`.trim());
    this.problem = problem;
  }
}

async function api(path, { method = "GET", body, raw, auth = true, accept = "application/json" } = {}) {
  const headers = { accept };
  const current = session();
  if (auth && current && current.expiresAt * 1000 > Date.now()) headers.authorization = `Bearer ${current.token}`;
  if (body !== undefined || raw !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await response.text();
  const json = text && (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiError(typeof json === "object" ? json : { title: String(response.status), detail: text });
  return json;
}

// ---- The wallet bridge -------------------------------------------------------------------------------------

const announced = [];
window.addEventListener("eip6963:announceProvider", (event) => announced.push(event.detail));
window.dispatchEvent(new Event("eip6963:requestProvider"));

function wallet() {
  const provider = announced[0]?.provider ?? window.ethereum;
  if (!provider) throw new Error("No wallet found: install a browser wallet (any EIP-1193 wallet, e.g. MetaMask), then reload.");
  return provider;
}

const utf8Hex = (text) => hex(new TextEncoder().encode(text));

async function signIn() {
  const provider = wallet();
  const [address] = await provider.request({ method: "eth_requestAccounts" });
  const { domain } = await api("/api/v1/service-tracking/eip712", { auth: false });
  const { nonce } = await api("/api/v1/auth/nonce", { auth: false });
  const checksummed = toChecksumAddress(address); // SIWE names the address in its EIP-55 form
  const message = [
    `${location.host} wants you to sign in with your Ethereum account:`, checksummed, "",
    "Sign in to ScrollVerse Service Tracking", "",
    `URI: ${location.origin}`, "Version: 1", `Chain ID: ${domain.chainId}`, `Nonce: ${nonce}`, `Issued At: ${new Date().toISOString()}`,
  ].join("\n");
  const signature = await provider.request({ method: "personal_sign", params: [utf8Hex(message), address] });
  const login = await api("/api/v1/auth/login", { method: "POST", body: { message, signature }, auth: false });
  sessionStorage.setItem(SESSION, JSON.stringify({ ...login, signedInAt: Date.now() }));
  return login;
}

/** eth_signTypedData_v4 of {types, primaryType, domain, message}; EIP712Domain added from the domain's fields. */
async function signTypedData(typedData) {
  const current = session();
  const domainFields = [["name", "string"], ["version", "string"], ["chainId", "uint256"], ["verifyingContract", "address"]]
    .filter(([field]) => typedData.domain[field] !== undefined).map(([field, type]) => ({ name: field, type }));
  const payload = { ...typedData, types: { EIP712Domain: domainFields, ...typedData.types } };
  return wallet().request({ method: "eth_signTypedData_v4", params: [current.address, JSON.stringify(payload)] });
}

async function signAct(primaryType, message) {
  const { domain, types } = await api(`/api/v1/service-tracking/eip712?primaryType=${primaryType}`, { auth: false });
  return signTypedData({ domain, types, primaryType, message });
}

/** A reason's commitment, SHA-256(salt ‖ UTF-8 reason), with a fresh salt: what an official signs instead of the text. */
async function commitReason(reason) {
  const salt = crypto.getRandomValues(new Uint8Array(32));
  const bytes = new Uint8Array([...salt, ...new TextEncoder().encode(reason)]);
  return { reasonSalt: hex(salt), reasonCommitment: hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))) };
}

const now = () => Math.floor(Date.now() / 1000);

// ---- Session in the header ---------------------------------------------------------------------------------

function showSession() {
  const current = session();
  const signedIn = Boolean(current && current.expiresAt * 1000 > Date.now());
  $("#sign-in").hidden = signedIn;
  $("#signed-in").hidden = !signedIn;
  $("#signed-in-name").textContent = signedIn ? `${current.address.slice(0, 6)}…${current.address.slice(-4)}` : "";
  const roles = signedIn ? current.roles : [];
  for (const item of document.querySelectorAll("[data-role]")) {
    const role = item.dataset.role;
    item.hidden = !(role === "reviewer" ? roles.includes("verifier") || roles.includes("elder") : roles.includes(role));
  }
  for (const item of document.querySelectorAll(".signed-in-only")) item.hidden = !signedIn;
  for (const item of document.querySelectorAll(".signed-out-only")) item.hidden = signedIn;
  return signedIn;
}

$("#sign-in").addEventListener("click", async (event) => {
  event.target.disabled = true;
  try {
    await signIn();
    showSession();
    toast("Signed in.");
    await initPage();
  } catch (error) {
    toast(error.message, true);
  } finally {
    event.target.disabled = false;
  }
});
$("#sign-out").addEventListener("click", () => { sessionStorage.removeItem(SESSION); location.reload(); });

// ---- Live updates --------------------------------------------------------------------------------------------

/** The public stream; named events ("event: <type>"), so a listener per type. Marks the page once connected. */
function subscribe(types, onEvent) {
  const source = new EventSource(`/api/v1/events?types=${types.join(",")}`);
  source.addEventListener("open", () => { document.body.dataset.live = "connected"; });
  for (const type of types) source.addEventListener(type, (message) => onEvent(JSON.parse(message.data)));
  return source;
}

function liveActivity() {
  const list = $("#recent-activity");
  if (!list) return;
  subscribe(["contribution.recorded", "contribution.verified"], (event) => {
    const d = event.data;
    if (d.status !== "verified" || list.querySelector(`li[data-record="${d.recordId}"]`)) return; // recorded verified, then verified: once
    const item = el("li", { class: "arrived", "data-record": d.recordId },
      el("span", { text: d.displayName }), " ",
      el("a", { href: `/contributions/${d.recordId}`, text: `${name(d.type)} · ${name(d.subtype)}` }), " ",
      el("span", { class: "impact", text: fmt(d.impactScore) }), " ",
      el("time", { datetime: new Date(event.timestamp * 1000).toISOString(), text: when(event.timestamp) }));
    list.prepend(item);
    while (list.children.length > 20) list.lastElementChild.remove();
    $("#no-activity")?.remove();
    const total = $("[data-total=contributions]");
    if (event.type === "contribution.recorded" && total) total.textContent = (Number(total.textContent.replaceAll(",", "")) + 1).toLocaleString("en");
  });
}

function liveLeaderboard() {
  const board = $("#board");
  if (!board) return;
  subscribe(["leaderboard.changed"], async () => {
    const page = new DOMParser().parseFromString(await (await fetch(location.href)).text(), "text/html");
    const fresh = page.querySelector("#board");
    if (fresh) board.innerHTML = fresh.innerHTML;
  });
}

/** An authenticated stream (EventSource cannot send a bearer token): fetch, read the text/event-stream lines. */
async function follow(types, onEvent) {
  const current = session();
  const response = await fetch(`/api/v1/events?types=${types}`, { headers: { accept: "text/event-stream", authorization: `Bearer ${current.token}` } });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
      if (data) onEvent(JSON.parse(data));
    }
  }
}

// ---- CSV -------------------------------------------------------------------------------------------------------

function downloadCsv(filename, header, rows) {
  const cell = (value) => {
    let text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const csv = [header, ...rows].map((row) => row.map(cell).join(",")).join("\n") + "\n";
  const link = el("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
}

function downloadJson(filename, json) {
  const link = el("a", { href: URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: "application/json" })), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
}

// ---- Pages ---------------------------------------------------------------------------------------------------

import { initMe } from "./me.js";
import { initReview, initContributionActs } from "./review.js";
import { initAdmin } from "./admin.js";

export const kit = { $, el, api, fmt, when, name, toast, session, signAct, signTypedData, commitReason, now, downloadCsv, downloadJson, follow, subscribe, signIn, showSession };

async function initPage() {
  const page = $("[data-page]")?.dataset.page;
  if (!showSession()) return;
  try {
    if (page === "me") await initMe(kit);
    if (page === "review") await initReview(kit);
    if (page === "admin") await initAdmin(kit);
    if ($("#acts")) await initContributionActs(kit);
  } catch (error) {
    toast(error.message, true);
  }
}

liveActivity();
liveLeaderboard();
initPage();
