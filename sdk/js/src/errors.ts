// Typed errors. Every answer of the server with an error status becomes a ProblemError (or a subclass by status) that
// carries the RFC 9457 problem details as the server sent them.

/** An RFC 9457 problem as the API sends it. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  /** Validation errors: field → messages. */
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

/** The base class of everything this package throws on purpose. */
export class ServiceTrackingError extends Error {
  override name = "ServiceTrackingError";
}

/** The server answered with an error status. */
export class ProblemError extends ServiceTrackingError {
  override name = "ProblemError";
  readonly status: number;
  readonly problem: ProblemDetails;
  /** Seconds to wait, from `Retry-After`, when the server said so. */
  readonly retryAfter: number | undefined;

  constructor(problem: ProblemDetails, retryAfter?: number) {
    super(`${problem.title ?? "Error"} (${problem.status})${problem.detail ? `: ${problem.detail}` : ""}`);
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** Field → messages of a validation problem (empty otherwise). */
  get errors(): Record<string, string[]> {
    return this.problem.errors ?? {};
  }
}

/** 400 or 422: the request is malformed or invalid; see `errors`. */
export class ValidationError extends ProblemError {
  override name = "ValidationError";
}
/** 401: no token, or a bad or expired one (the tracker signs in again by itself once). */
export class UnauthorizedError extends ProblemError {
  override name = "UnauthorizedError";
}
/** 403: the signed-in address lacks the role. */
export class ForbiddenError extends ProblemError {
  override name = "ForbiddenError";
}
export class NotFoundError extends ProblemError {
  override name = "NotFoundError";
}
/** 409: e.g. the same nonce with a different contribution. */
export class ConflictError extends ProblemError {
  override name = "ConflictError";
}
/** 413: the body or its `details` is too large. */
export class PayloadTooLargeError extends ProblemError {
  override name = "PayloadTooLargeError";
}
/** 429: too many requests; `retryAfter` says how long to wait. */
export class RateLimitedError extends ProblemError {
  override name = "RateLimitedError";
}
/** 5xx: the service failed; retrying later may help. */
export class ServerError extends ProblemError {
  override name = "ServerError";
}

/** The problem's error class for its status. */
export function problemError(problem: ProblemDetails, retryAfter?: number): ProblemError {
  const s = problem.status;
  const Kind =
    s === 400 || s === 422 ? ValidationError
    : s === 401 ? UnauthorizedError
    : s === 403 ? ForbiddenError
    : s === 404 ? NotFoundError
    : s === 409 ? ConflictError
    : s === 413 ? PayloadTooLargeError
    : s === 429 ? RateLimitedError
    : s >= 500 ? ServerError
    : ProblemError;
  return new Kind(problem, retryAfter);
}

/** The wallet refused or failed (EIP-1193 error), or the package was used wrongly. */
export class WalletError extends ServiceTrackingError {
  override name = "WalletError";
  readonly code: number | undefined;
  constructor(message: string, code?: number) {
    super(message);
    this.code = code;
  }
}

/** A webhook delivery whose signature or timestamp does not verify. */
export class WebhookVerificationError extends ServiceTrackingError {
  override name = "WebhookVerificationError";
}
