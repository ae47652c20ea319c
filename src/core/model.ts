// The plain data every part of kolokasi speaks: requests, stack config, ledger, desired state.
// Nothing here touches the file system, the environment or the clock.

/** A message a civil servant reads: always in both languages, the formatter picks one. */
export interface Text {
  en: string;
  id: string;
}

export type Lang = keyof Text;

export type Severity = 'error' | 'warning';

/** One problem found in one place. Collected, never thrown. */
export interface Diagnostic {
  /** Stable code, e.g. KLK101; documented in the README. */
  code: string;
  severity: Severity;
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  line: number;
  col: number;
  /** JSON pointer of the field, e.g. /spec/services/0/port; '' for the whole document. */
  path: string;
  message: Text;
  hint: Text;
}

// ---------------------------------------------------------------- request

export type Protocol = 'tcp' | 'udp';

/** `public`: the whole internet; `intranet`: the city WAN (stack config); else a list of CIDRs. */
export type Access = 'public' | 'intranet' | string[];

export interface RequestService {
  name: string;
  port?: number;
  portRange?: { from: number; to: number };
  protocol: Protocol;
  access: Access;
  justification?: string;
}

export interface ColocationRequest {
  apiVersion: 'kolokasi/v1';
  kind: 'ColocationRequest';
  metadata: {
    name: string;
    opd: string;
    title: string;
  };
  spec: {
    letter: { number: string; date: string };
    contact: { name: string; email: string; phone: string };
    team: { name: string; role: string; email?: string; phone?: string }[];
    server: {
      hostname: string;
      rackUnits: number;
      powerWatts: number;
      os: string;
      purpose: string;
    };
    dns: { subdomain: string; proxied?: boolean };
    network?: {
      ipv6?: boolean;
      publicIpv4?: string;
      privateIpv4?: string;
      publicIpv6?: string;
    };
    services: RequestService[];
  };
}

/** A request file as read from disk: the id comes from its path (`<opd>/<name>`). */
export interface SourceFile {
  /** Repository-relative path with forward slashes. */
  file: string;
  text: string;
}

export interface LoadedRequest {
  /** `<opd>/<name>`, from the path: the request id contract. */
  id: string;
  file: string;
  /** Kept so that a diagnostic found later can be located without holding a parse tree per file. */
  text: string;
  request: ColocationRequest;
}

// ---------------------------------------------------------------- OPD registry

export interface Opd {
  slug: string;
  name: string;
  /** GitHub team, `org/team-slug`, owning `requests/<slug>/`. */
  githubTeam: string;
}

export interface OpdRegistry {
  apiVersion: 'kolokasi/v1';
  kind: 'OpdRegistry';
  opds: Opd[];
}

// ---------------------------------------------------------------- stack config

export type FirewallTarget = 'nftables' | 'iptables' | 'routeros';

export interface Pool {
  name: string;
  cidr: string;
  /** The router address in this subnet: never handed out. */
  gateway: string;
  /** Addresses or CIDRs inside the pool that are never handed out. */
  reserved?: string[];
}

/** The `kolokasi:` keys of `stacks/Pulumi.<stack>.yaml`, prefix removed. */
export interface StackConfig {
  zone: string;
  /** Cloudflare zone id; when absent the Pulumi program looks the zone up by name. */
  zoneId?: string;
  ttl: number;
  pools: {
    publicIpv4: Pool[];
    publicIpv6?: Pool;
    private: Pool;
  };
  reservedSubdomains: string[];
  restrictedPorts: number[];
  /** The city WAN: what `access: intranet` means. */
  intranet: string[];
  quarantineDays: number;
  firewall: {
    targets: FirewallTarget[];
    interfaces: { wan: string; lan: string };
  };
  safety: {
    /** Releases/deletions are refused only when they exceed both this count ... */
    maxReleaseCount: number;
    /** ... and this share (0-100) of the existing allocations. */
    maxReleasePercent: number;
  };
}

export interface Stack {
  name: string;
  file: string;
  config: StackConfig;
}

// ---------------------------------------------------------------- ledger

export interface Allocation {
  /**
   * The subdomain the server had at the last apply: its public identity. A change that releases
   * one request and adds another with this subdomain is a move, and the addresses follow it.
   * Absent in ledgers written before it was recorded, until their next apply.
   */
  subdomain?: string;
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
  /** ISO-8601 UTC. */
  allocatedAt: string;
  /**
   * The request id this allocation was held under before its latest move: the DNS records'
   * former resource names, so that they are renamed rather than replaced.
   */
  movedFrom?: string;
}

export interface Release {
  request: string;
  subdomain?: string;
  /** Both absent when only the IPv6 address was given up: the server keeps its IPv4 addresses. */
  publicIpv4?: string;
  privateIpv4?: string;
  publicIpv6?: string;
  allocatedAt: string;
  releasedAt: string;
}

export interface Ledger {
  apiVersion: 'kolokasi/v1';
  kind: 'AllocationLedger';
  stack: string;
  /** Keyed by request id. */
  allocations: Record<string, Allocation>;
  /** Released addresses, kept for the quarantine and then dropped. */
  released: Release[];
}

// ---------------------------------------------------------------- desired state

/** Who may reach a service: anyone, or only these CIDRs (intranet already expanded). */
export type Sources = { kind: 'any' } | { kind: 'cidrs'; cidrs: string[] };

export interface ServiceIntent {
  name: string;
  protocol: Protocol;
  portFrom: number;
  portTo: number;
  sources: Sources;
}

export interface ServerState {
  request: string;
  opd: string;
  name: string;
  title: string;
  subdomain: string;
  fqdn: string;
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
  proxied: boolean;
  services: ServiceIntent[];
  /** The request id the server had before its latest rename or move (from the ledger). */
  movedFrom?: string;
}

export type DnsRecordType = 'A' | 'AAAA';

export interface DnsRecord {
  /** Stable resource name: `<request id>/<type>`, so renaming other files never replaces it. */
  key: string;
  request: string;
  opd: string;
  fqdn: string;
  subdomain: string;
  type: DnsRecordType;
  content: string;
  ttl: number;
  proxied: boolean;
  comment: string;
  /**
   * The key the record had before its request was renamed or moved: the Pulumi resource's former
   * name, so that the record is renamed in place rather than deleted and created again.
   */
  formerKey?: string;
}

export interface DesiredState {
  stack: string;
  zone: string;
  /** Sorted by request id. */
  servers: ServerState[];
  /** Sorted by key. */
  dnsRecords: DnsRecord[];
}
