// The API's answers as the SDK returns them (design/API.md). Numbers are JSON numbers; addresses are EIP-55; a
// private contributor's address is null for public readers.

export interface TokenAmounts {
  scrollCoin: number;
  blessingCoin: number;
  [more: string]: unknown;
}

export type ScoreBreakdown = Record<string, unknown>;

/** What POST /record answers: the seed's `{ recordId, impactScore, rewardsEarned }` plus status, breakdown and receipt. */
export interface RecordResult {
  recordId: string;
  status: "verified" | "under_review" | string;
  impactScore: number;
  scoreBreakdown: ScoreBreakdown;
  rewardsEarned: TokenAmounts;
  receipt: import("./ledger.js").Receipt | null;
}

export interface Contribution {
  recordId: string;
  contributor: string | null;
  displayName: string;
  type: string;
  subtype: string;
  status: string;
  impactScore: number;
  scoreBreakdown: ScoreBreakdown;
  performedAt: number;
  recordedAt: number;
  contentCid: string | null;
  signature: string | null;
  nonce: number;
  detailsHash: string;
  /** Only for the contributor, reviewers and admins. */
  details?: Record<string, unknown>;
}

export interface AuditTrail {
  contributionId: string;
  auditLog: Array<{ timestamp: number; action: string; actor: string | null; [more: string]: unknown }>;
}

export interface Stats {
  address: string | null;
  displayName: string;
  totalImpactScore: number;
  rank: number;
  metrics: Record<string, unknown>;
  contributions: Contribution[];
  rewards: Record<string, unknown>;
  [more: string]: unknown;
}

export interface LeaderboardRow {
  rank: number;
  address: string | null;
  displayName: string;
  impactScore: number;
}

export interface Leaderboard {
  period: string;
  leaderboard: LeaderboardRow[];
  [more: string]: unknown;
}

export interface Community {
  ecosystem: { totalLightworkers: number; totalContributions: number; totalImpactGenerated: number; totalRewardsDistributed: TokenAmounts };
  topContributors: LeaderboardRow[];
  recentActivity: Array<Record<string, unknown>>;
  [more: string]: unknown;
}

export interface Catalog {
  types: Array<{ name: string; ordinal: number; subtypes: Array<{ name: string; base: number; category: string; review: boolean; sensitive: boolean }> }>;
  [more: string]: unknown;
}

/** Who is signed in. */
export interface Session {
  address: string;
  token: string;
  roles: string[];
  /** Unix seconds. */
  expiresAt: number;
}
