// The HTTP layer: JSON in and out with the platform's fetch, a bearer token when there is one, and every error status
// raised as a typed ProblemError carrying the server's problem details.
import { problemError, type ProblemDetails } from "./errors.js";

export type Fetch = typeof fetch;

export interface RequestOptions {
  method?: string;
  /** A JSON body given as the exact text to send (details are signed over their bytes). */
  body?: string;
  token?: string | undefined;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** Raises the response's problem when its status is an error. */
export async function raiseProblem(response: Response): Promise<never> {
  const text = await response.text();
  let problem: ProblemDetails;
  try {
    const parsed = JSON.parse(text) as ProblemDetails;
    problem = typeof parsed === "object" && parsed !== null ? { ...parsed, status: response.status } : { status: response.status, detail: text };
  } catch {
    problem = { status: response.status, title: response.statusText || "Error", detail: text || undefined };
  }
  const retryAfter = Number(response.headers.get("retry-after"));
  throw problemError(problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

export function headersFor(options: RequestOptions, accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept: `${accept}, application/problem+json`, ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return headers;
}

/** Sends a request to `server` + `path` and returns the response body, parsed as JSON or as text. */
export async function send<T>(fetcher: Fetch, server: string, path: string, options: RequestOptions = {}, as: "json" | "text" = "json"): Promise<T> {
  const response = await fetcher(new URL(path, server), {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: headersFor(options, as === "json" ? "application/json" : "text/plain"),
    body: options.body,
    signal: options.signal ?? null,
  });
  if (!response.ok) return raiseProblem(response);
  return (as === "json" ? await response.json() : await response.text()) as T;
}
