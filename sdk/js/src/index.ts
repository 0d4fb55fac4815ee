// @scrollverse/service-tracking: the ScrollVerse Service Tracking API v1 for browsers and Node 20+.
export { ServiceTracker } from "./tracker.js";
export type { BatchItemResult, ContributionInput, LeaderboardQuery, ServiceTrackerOptions } from "./tracker.js";
export { ServiceMonitor } from "./monitor.js";
export type { AlertThresholds, IncomingRequest, MonitorEvent, OutgoingResponse, ServiceMonitorOptions } from "./monitor.js";
export { addressOf, privateKeyProvider, recoverAddress } from "./wallet.js";
export type { Eip1193Provider, PrivateKeyProviderOptions } from "./wallet.js";
export { leafHashOf, parseCheckpoint, rootFromInclusion, verifyReceipt } from "./ledger.js";
export type { Checkpoint, Receipt, ReceiptVerification, VerifyReceiptOptions } from "./ledger.js";
export type { OnChainProof } from "./onchain.js";
export { checkContractWallets, officialActTypes, reasonCommitment, verifyOfficialActs } from "./acts.js";
export type { OfficialActsVerification, OfficialActStatus, OfficialActType, OfficialActVerdict, ReasonOpening, VerifyOfficialActsOptions } from "./acts.js";
export { signWebhook, verifyWebhook } from "./webhooks.js";
export type { HeaderBag } from "./webhooks.js";
export { readServerSentEvents } from "./events.js";
export type { EventEnvelope, ServerSentEvent } from "./events.js";
export {
  ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, ProblemError, RateLimitedError, ServerError,
  ServiceTrackingError, UnauthorizedError, ValidationError, WalletError, WebhookVerificationError,
} from "./errors.js";
export type { ProblemDetails } from "./errors.js";
export { checksumAddress, typedDataHash } from "./ethereum.js";
export type { TypedData } from "./ethereum.js";
export type { AuditTrail, Catalog, Community, Contribution, Leaderboard, LeaderboardRow, RecordResult, Session, Stats, TokenAmounts } from "./types.js";

/** The API version this package speaks. */
export const apiVersion = "v1";
