// ServiceTracker: the seed's frontend integration. Signs in with Ethereum through any EIP-1193 provider, signs each
// contribution as EIP-712 typed data, and reads standings, contributions, audit trails and receipts.
import { checkContractWallets, verifyOfficialActs, type OfficialActsVerification, type VerifyOfficialActsOptions } from "./acts.js";
import { toHex, utf8 } from "./bytes.js";
import { contentHash } from "./content.js";
import { problemError, UnauthorizedError, ValidationError, WalletError, type ProblemError, type ProblemDetails } from "./errors.js";
import { checksumAddress, domainFields, keccak256, type TypedField } from "./ethereum.js";
import { send, type Fetch, type RequestOptions } from "./http.js";
import { verifyReceipt, type Receipt, type ReceiptVerification, type VerifyReceiptOptions } from "./ledger.js";
import { proveInclusion, type OnChainProof } from "./onchain.js";
import { siweMessage } from "./siwe.js";
import type { AuditTrail, Catalog, Community, Contribution, Leaderboard, RecordResult, Session, Stats } from "./types.js";
import type { Eip1193Provider } from "./wallet.js";

export interface ServiceTrackerOptions {
  /** An EIP-1193 provider: `window.ethereum`, or `privateKeyProvider(key)` in Node. Needed to sign in and to sign. */
  provider?: Eip1193Provider;
  /** The service, e.g. `https://track.example`; in a browser the page's own origin when left out. */
  server?: string;
  /** The registry contract, for `proveOnChain`. */
  contractAddress?: string;
  /** Which of the provider's accounts signs (default: the first). */
  account?: string;
  /** The SIWE domain and URI (default: the page's in a browser, the server's in Node); the server must allow the domain. */
  siweDomain?: string;
  siweUri?: string;
  /** Renew the token this many seconds before it expires (default 60). */
  renewBeforeSeconds?: number;
  fetch?: Fetch;
}

/**
 * A contribution to record. `details` is the seed's `metadata` (give either, not both); without `subtype`, the type's
 * subtype named by `details.sessionType` (exactly, or as its first word: `group` → `group_healing`) is taken, else the
 * type's first subtype in the server's catalog.
 */
export interface ContributionInput {
  type: string;
  subtype?: string;
  details?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  contentCid?: string;
  /** Unix seconds or a Date (default: now). */
  performedAt?: number | Date;
  /** Each (contributor, nonce) is used once (default: the current time in milliseconds, increasing). */
  nonce?: number | bigint;
}

export type BatchItemResult = { ok: true; status: number; record: RecordResult } | { ok: false; status: number; error: ProblemError };

export interface LeaderboardQuery {
  period?: "all" | "daily" | "weekly" | "monthly";
  at?: string;
  limit?: number;
  offset?: number;
}

interface SigningDomainInfo {
  domain: Record<string, unknown>;
  types: Record<string, TypedField[]>;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export class ServiceTracker {
  readonly server: string;
  readonly contractAddress: string | undefined;
  private readonly provider: Eip1193Provider | undefined;
  private readonly options: ServiceTrackerOptions;
  private readonly fetcher: Fetch;
  private current: Session | undefined;
  private signingIn: Promise<Session> | undefined;
  private lastNonce = 0n;
  private readonly described = new Map<string, Promise<SigningDomainInfo>>();
  private catalog: Promise<Catalog> | undefined;

  constructor(options: ServiceTrackerOptions = {}) {
    const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
    const server = options.server ?? origin;
    if (!server) throw new TypeError("ServiceTracker needs a `server` URL outside a browser");
    this.server = server.endsWith("/") ? server : `${server}/`;
    this.provider = options.provider;
    this.contractAddress = options.contractAddress;
    this.options = options;
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The current sign-in, if any. */
  get session(): Session | undefined {
    return this.current;
  }

  /** Signs in with Ethereum (EIP-4361) through the provider; the token is kept and renewed before it expires. */
  async signIn(): Promise<Session> {
    this.signingIn ??= this.doSignIn().finally(() => (this.signingIn = undefined));
    return this.signingIn;
  }

  /** Forgets the token (it simply expires on the server). */
  signOut(): void {
    this.current = undefined;
  }

  async recordContribution(input: ContributionInput): Promise<RecordResult> {
    const body = await this.signedBody(input);
    return this.authed<RecordResult>("api/v1/service-tracking/record", { body });
  }

  /** Records 1 to 1,000 contributions in one request; each item answers on its own, in order. */
  async recordContributions(inputs: ContributionInput[]): Promise<BatchItemResult[]> {
    const bodies: string[] = [];
    for (const input of inputs) bodies.push(await this.signedBody(input));
    const answer = await this.authed<{ results: Array<{ status: number; record?: RecordResult; problem?: ProblemDetails }> }>(
      "api/v1/service-tracking/records", { body: `{"contributions":[${bodies.join(",")}]}` });
    return answer.results.map((r) => r.record
      ? { ok: true, status: r.status, record: r.record }
      : { ok: false, status: r.status, error: problemError({ ...(r.problem ?? {}), status: r.status }) });
  }

  /** A contributor's stats (default: the signed-in address). */
  getStats(address?: string): Promise<Stats> {
    const who = address ?? this.current?.address;
    if (!who) throw new TypeError("getStats needs an address, or a sign-in first");
    return this.read(`api/v1/service-tracking/stats/${encodeURIComponent(who)}`);
  }

  getLeaderboard(query: LeaderboardQuery = {}): Promise<Leaderboard> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const q = params.toString();
    return this.read(`api/v1/service-tracking/leaderboard${q ? `?${q}` : ""}`);
  }

  getCommunity(): Promise<Community> {
    return this.read("api/v1/service-tracking/community");
  }

  /** A contribution; its details too when the signed-in address may read them. */
  getContribution(recordId: string): Promise<Contribution> {
    return this.read(`api/v1/service-tracking/contributions/${encodeURIComponent(recordId)}`);
  }

  getAuditTrail(recordId: string): Promise<AuditTrail> {
    return this.read(`api/v1/service-tracking/contributions/${encodeURIComponent(recordId)}/audit`);
  }

  /** The receipt of a contribution against the latest checkpoint. */
  getReceipt(recordId: string): Promise<Receipt> {
    return this.read(`api/v1/service-tracking/contributions/${encodeURIComponent(recordId)}/receipt`);
  }

  /** The scoring catalog in force (types, subtypes, tiers, bonus rules). */
  getCatalog(): Promise<Catalog> {
    this.catalog ??= this.read<Catalog>("api/v1/service-tracking/catalog").catch((error: unknown) => {
      this.catalog = undefined;
      throw error;
    });
    return this.catalog;
  }

  /** The log's verifier key as the server states it; for offline checks, hold it from a source you trust. */
  getLogKey(): Promise<string> {
    return send<string>(this.fetcher, this.server, "api/v1/ledger/key", {}, "text").then((k) => k.trim());
  }

  /** Endorses someone else's contribution with an EIP-712 `Endorsement` signature; returns the contribution as it now stands. */
  async endorse(recordId: string): Promise<Contribution> {
    const session = await this.fresh();
    const { domain, types } = await this.describe("Endorsement");
    const issuedAt = nowSeconds();
    const message = { recordId, endorser: session.address, issuedAt };
    const signature = await this.signTypedData(session.address, { types: { EIP712Domain: domainFields(domain), ...types }, domain, primaryType: "Endorsement", message });
    return this.authed(`api/v1/service-tracking/contributions/${encodeURIComponent(recordId)}/endorsements`, {
      body: JSON.stringify({ signature, issuedAt }),
    });
  }

  /** Checks a receipt offline: the checkpoint's Ed25519 signed note by `logKey`, and the RFC 9162 inclusion proof. */
  verifyReceipt(receipt: Receipt, logKey: string, options?: VerifyReceiptOptions): ReceiptVerification {
    return verifyReceipt(receipt, logKey, options);
  }

  /**
   * Checks the officials' signed acts (blessings, features, assessments, review decisions) in a contribution's audit
   * trail, fetched when given its record id: offline (`verifyOfficialActs`), then, for acts not signed by the actor's
   * key, the actor as a contract wallet (EIP-1271) through the provider's `eth_call`, unless `chain: false`.
   */
  async verifyOfficialActs(trail: AuditTrail | string, options: VerifyOfficialActsOptions & { chain?: boolean } = {}): Promise<OfficialActsVerification> {
    const held = typeof trail === "string" ? await this.getAuditTrail(trail) : trail;
    const offline = verifyOfficialActs(held, typeof trail === "string" ? { recordId: trail, ...options } : options);
    const needsChain = offline.acts.some((a) => a.status === "needs_chain");
    return needsChain && this.provider && options.chain !== false ? checkContractWallets(offline, this.provider) : offline;
  }

  /** Proves through the provider's `eth_call` to the registry's `verifyInclusion` that a contribution is in the log its latest anchor covers. */
  async proveOnChain(recordId: string): Promise<OnChainProof> {
    if (!this.provider) throw new WalletError("proveOnChain needs a provider");
    if (!this.contractAddress || !/^0x[0-9a-fA-F]{40}$/.test(this.contractAddress)) throw new WalletError("proveOnChain needs the registry's contractAddress");
    const receipt = await this.getReceipt(recordId);
    return proveInclusion(this.provider, this.contractAddress, receipt, (index, treeSize) =>
      this.read<{ proof: string[]; rootHash: string }>(`api/v1/ledger/proof/inclusion?index=${index}&treeSize=${treeSize}`));
  }

  // --- the plumbing ---

  private async doSignIn(): Promise<Session> {
    this.requireProvider();
    const accounts = (await this.wallet("eth_requestAccounts", [])) as string[];
    const address = this.options.account ?? accounts[0];
    if (!address) throw new WalletError("the wallet gave no account");
    const [{ nonce }, { domain }] = await Promise.all([this.read<{ nonce: string }>("api/v1/auth/nonce", false), this.describe("Contribution")]);
    const origin = (globalThis as { location?: { host?: string; origin?: string } }).location;
    const serverUrl = new URL(this.server);
    const message = siweMessage({
      domain: this.options.siweDomain ?? origin?.host ?? serverUrl.host,
      address: checksumAddress(address),
      uri: this.options.siweUri ?? origin?.origin ?? serverUrl.origin,
      chainId: String(domain.chainId),
      nonce,
      issuedAt: new Date(),
    });
    const signature = (await this.wallet("personal_sign", [toHex(utf8(message)), address])) as string;
    const login = await send<Session>(this.fetcher, this.server, "api/v1/auth/login", { body: JSON.stringify({ message, signature }) });
    this.current = { address: login.address, token: login.token, roles: login.roles ?? [], expiresAt: login.expiresAt };
    return this.current;
  }

  /** The session to act with: signed in, and not about to expire. */
  private async fresh(): Promise<Session> {
    const renewBefore = this.options.renewBeforeSeconds ?? 60;
    if (this.current && this.current.expiresAt - renewBefore > nowSeconds()) return this.current;
    return this.signIn();
  }

  /** An authenticated call; a 401 (a token the server no longer takes) signs in again once and retries. */
  private async authed<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const session = await this.fresh();
    try {
      return await send<T>(this.fetcher, this.server, path, { ...options, token: session.token });
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      this.current = undefined;
      const renewed = await this.signIn();
      return send<T>(this.fetcher, this.server, path, { ...options, token: renewed.token });
    }
  }

  /** A read; with the signed-in token when there is one (so one's own details and private profile show). */
  private read<T>(path: string, withToken = true): Promise<T> {
    const token = withToken && this.current && this.current.expiresAt > nowSeconds() ? this.current.token : undefined;
    return send<T>(this.fetcher, this.server, path, { token });
  }

  private describe(primaryType: "Contribution" | "Endorsement"): Promise<SigningDomainInfo> {
    let info = this.described.get(primaryType);
    if (!info) {
      info = this.read<SigningDomainInfo>(`api/v1/service-tracking/eip712?primaryType=${primaryType}`, false);
      info.catch(() => this.described.delete(primaryType));
      this.described.set(primaryType, info);
    }
    return info;
  }

  private async subtypeFor(input: ContributionInput, details: Record<string, unknown>): Promise<string> {
    if (input.subtype) return input.subtype;
    const type = (await this.getCatalog()).types.find((t) => t.name === input.type);
    if (!type || type.subtypes.length === 0) {
      throw new ValidationError({ status: 400, title: "Unknown contribution type", detail: `The catalog has no type '${input.type}'.`, errors: { type: [`Unknown type '${input.type}'.`] } });
    }
    const hint = typeof details.sessionType === "string" ? details.sessionType.toLowerCase() : undefined;
    const named = hint ? type.subtypes.find((s) => s.name === hint || s.name.split("_")[0] === hint) : undefined;
    return (named ?? type.subtypes[0]!).name;
  }

  private nextNonce(): bigint {
    const now = BigInt(Date.now());
    this.lastNonce = now > this.lastNonce ? now : this.lastNonce + 1n;
    return this.lastNonce;
  }

  /** The POST /record body: details written once as text, and that same text hashed into the signed `detailsHash`. */
  private async signedBody(input: ContributionInput): Promise<string> {
    if (input.details !== undefined && input.metadata !== undefined) {
      throw new ValidationError({ status: 400, title: "Both details and metadata", detail: "Give `details` or the seed's `metadata`, not both.", errors: { details: ["Give details or metadata, not both."] } });
    }
    const details = input.details ?? input.metadata ?? {};
    const session = await this.fresh();
    const [subtype, { domain, types }] = await Promise.all([this.subtypeFor(input, details), this.describe("Contribution")]);
    const detailsJson = JSON.stringify(details);
    const performedAt = input.performedAt instanceof Date ? Math.floor(input.performedAt.getTime() / 1000) : input.performedAt ?? nowSeconds();
    const nonce = input.nonce !== undefined ? BigInt(input.nonce) : this.nextNonce();
    const message = {
      contributor: session.address,
      contributionType: input.type,
      subtype,
      detailsHash: toHex(keccak256(utf8(detailsJson))),
      contentHash: toHex(contentHash(input.contentCid)),
      performedAt,
      nonce: nonce.toString(),
    };
    const signature = await this.signTypedData(session.address, { types: { EIP712Domain: domainFields(domain), ...types }, domain, primaryType: "Contribution", message });
    const cid = input.contentCid !== undefined ? `,"contentCid":${JSON.stringify(input.contentCid)}` : "";
    return `{"type":${JSON.stringify(input.type)},"subtype":${JSON.stringify(subtype)},"details":${detailsJson}${cid},` +
      `"performedAt":${performedAt},"nonce":${nonce},"signature":${JSON.stringify(signature)}}`;
  }

  private async signTypedData(address: string, data: object): Promise<string> {
    return (await this.wallet("eth_signTypedData_v4", [address, JSON.stringify(data)])) as string;
  }

  private async wallet(method: string, params: unknown[]): Promise<unknown> {
    try {
      return await this.requireProvider().request({ method, params });
    } catch (error) {
      if (error instanceof WalletError) throw error;
      const e = error as { message?: string; code?: number };
      throw new WalletError(`${method}: ${e?.message ?? String(error)}`, e?.code);
    }
  }

  private requireProvider(): Eip1193Provider {
    if (!this.provider) throw new WalletError("this needs an EIP-1193 provider (window.ethereum, or privateKeyProvider(key))");
    return this.provider;
  }
}
