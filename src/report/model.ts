// The data every report builder reads: one entry per request the stack has known, with its
// addresses, hardware and timeline, and the pools. Built by assemble.ts from the repository, the
// ledger and the git history; the builders only turn it into text.
import type { Protocol } from '../core/model.ts';
import type { PoolStats } from '../core/pool.ts';

/**
 * - `active`: the ledger holds its addresses and the request file is there;
 * - `pending`: the request file is there, the ledger does not hold it yet (`kolokasi apply` has not run);
 * - `releasing`: the ledger still holds its addresses, the request file is gone (apply will release them);
 * - `released`: its addresses were released (in quarantine, or free again).
 */
export type RequestState = 'active' | 'pending' | 'releasing' | 'released';

/** One moment of a request's life: when, and (when git knows it) by which commit and whom. */
export interface TimelineEvent {
  /** ISO-8601. */
  at: string;
  commit?: string;
  by?: string;
}

export interface ApprovalEvent extends TimelineEvent {
  pullRequest?: number;
  /** As the ledger commit names them: `login` or `login (role)`. */
  approvers: string[];
}

/** The request took over the addresses of another id (renamed, or moved to another OPD's folder). */
export interface MoveEvent extends TimelineEvent {
  from: string;
}

export interface RequestTimeline {
  /** The commit that added the request file (its author time: when the OPD wrote it). */
  requested?: TimelineEvent;
  /** The merge that brought the request into the main branch, with the approvers of the pull request. */
  approved?: ApprovalEvent;
  /** The ledger commit that first held the allocation; without git, the ledger's allocatedAt. */
  applied?: TimelineEvent;
  /** Each id it was known by before, oldest first, with the ledger commit that re-keyed it. */
  moved?: MoveEvent[];
  /** The commit (or merge) that deleted the request file. */
  withdrawn?: TimelineEvent;
  /** The ledger commit that released the addresses; without git, the ledger's releasedAt. */
  released?: TimelineEvent;
}

/** Who may reach a service, as the request says it (`intranet` kept as a word) and as expanded. */
export interface ReportService {
  name: string;
  protocol: Protocol;
  portFrom: number;
  portTo: number;
  access: 'public' | 'intranet' | 'cidrs';
  /** The source networks; empty for public. */
  sources: string[];
  justification?: string;
}

/** Where an address sits: the pool's network, prefix length and gateway, for the NOC. */
export interface AddressPlacement {
  address: string;
  pool: string;
  cidr: string;
  prefix: number;
  gateway: string;
}

export interface ReportRequest {
  /** `<opd>/<name>`. */
  id: string;
  opd: string;
  /** The registered name of the OPD; the slug when it is not registered (any more). */
  opdName: string;
  name: string;
  state: RequestState;
  file: string;
  /**
   * The request's title; for a request whose file is gone, from the file as it was in the last
   * commit that had it (absent without git history).
   */
  title?: string;
  /** What the request file says; absent when the file is gone (released requests). */
  details?: {
    hostname: string;
    os: string;
    purpose: string;
    rackUnits: number;
    powerWatts: number;
    letter: { number: string; date: string };
    contact: { name: string; email: string; phone: string };
    team: { name: string; role: string; email?: string; phone?: string }[];
    proxied: boolean;
  };
  /** For a request whose file is gone, from the subdomain its file last had, under today's zone. */
  fqdn?: string;
  publicIpv4?: AddressPlacement;
  privateIpv4?: AddressPlacement;
  publicIpv6?: AddressPlacement;
  services: ReportService[];
  /** From the ledger. */
  allocatedAt?: string;
  releasedAt?: string;
  /** When a released address becomes free again. */
  quarantineUntil?: string;
  timeline: RequestTimeline;
}

export interface OpdTotal {
  opd: string;
  opdName: string;
  /** Requests that hold or will hold rack space: active and pending. */
  requests: number;
  rackUnits: number;
  powerWatts: number;
}

export interface ReportData {
  stack: string;
  zone: string;
  /** ISO-8601: the clock the report was made at (`--now`, else the HEAD commit time). */
  generatedAt: string;
  /** False when the repository is not a git repository: dates from git are unknown. */
  historyKnown: boolean;
  /** True for a shallow clone: older commits are missing and their dates unknown. */
  historyShallow: boolean;
  /** Sorted by id; a request released twice appears once, with its latest life. */
  requests: ReportRequest[];
  /** Sorted by OPD slug; only OPDs with active or pending requests. */
  opdTotals: OpdTotal[];
  /** Every pool, each drawn as a picture: the public IPv4 pools in config order, IPv6, the private LAN. */
  pools: PoolStats[];
  quarantineDays: number;
}
