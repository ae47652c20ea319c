// `kolokasi pool`: each pool's free, used, quarantined and reserved addresses (the SOP's list of
// available public IPs). Text for people, JSON for tools.
import type { Lang } from '../core/model.ts';
import type { PoolStats } from '../core/pool.ts';

const WORDS = {
  en: {
    pool: 'Pool',
    field: { publicIpv4: 'public IPv4', privateIpv4: 'private IPv4', publicIpv6: 'public IPv6' },
    gateway: 'gateway',
    counts: (size: string, reserved: string, used: number, quarantined: number, free: string) =>
      `size ${size}, reserved ${reserved}, used ${used}, quarantined ${quarantined}, free ${free}`,
    free: 'free',
    used: 'used',
    quarantined: 'quarantined',
    reserved: 'never handed out',
    until: 'free from',
    none: 'none',
    reasons: { network: 'network', broadcast: 'broadcast', gateway: 'gateway', anycast: 'subnet-router anycast', reserved: 'reserved' },
    at: 'at',
  },
  id: {
    pool: 'Pool',
    field: { publicIpv4: 'IPv4 publik', privateIpv4: 'IPv4 privat', publicIpv6: 'IPv6 publik' },
    gateway: 'gateway',
    counts: (size: string, reserved: string, used: number, quarantined: number, free: string) =>
      `ukuran ${size}, dicadangkan ${reserved}, terpakai ${used}, dikarantina ${quarantined}, bebas ${free}`,
    free: 'bebas',
    used: 'terpakai',
    quarantined: 'dikarantina',
    reserved: 'tidak pernah diberikan',
    until: 'bebas mulai',
    none: 'tidak ada',
    reasons: { network: 'jaringan', broadcast: 'broadcast', gateway: 'gateway', anycast: 'anycast subnet-router', reserved: 'dicadangkan' },
    at: 'pada',
  },
} as const;

export interface PoolFormatOptions {
  lang: Lang;
  /** List every used address with its request (default true). */
  listUsed?: boolean;
}

function range(first: string, last: string, count: bigint): string {
  return first === last ? first : `${first} - ${last} (${count})`;
}

export function formatPoolText(stats: readonly PoolStats[], options: PoolFormatOptions & { stack: string; now: string }): string {
  const words = WORDS[options.lang];
  const lines: string[] = [`kolokasi pool: stack ${options.stack}, ${words.at} ${options.now}`];
  for (const pool of stats) {
    lines.push('');
    lines.push(`${words.pool} ${pool.name} (${words.field[pool.field]}) ${pool.cidr}, ${words.gateway} ${pool.gateway}`);
    lines.push(`  ${words.counts(String(pool.size), String(pool.reservedCount), pool.usedCount, pool.quarantinedCount, String(pool.freeCount))}`);
    lines.push(`  ${words.free}: ${pool.free.length === 0 ? words.none : pool.free.map((r) => range(r.first, r.last, r.count)).join(', ')}`);
    if (pool.quarantined.length > 0) {
      lines.push(`  ${words.quarantined}:`);
      for (const q of pool.quarantined) lines.push(`    ${q.address}  ${q.request}  (${words.until} ${q.freeFrom})`);
    }
    lines.push(`  ${words.reserved}: ${pool.reserved.map((r) => `${range(r.first, r.last, r.count)} ${words.reasons[r.reason]}`).join(', ')}`);
    if (options.listUsed !== false && pool.used.length > 0) {
      lines.push(`  ${words.used}:`);
      for (const u of pool.used) lines.push(`    ${u.address}  ${u.request}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Counts that fit in a JSON number stay numbers; an IPv6 pool's sizes are decimal strings. */
function count(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

export function formatPoolJson(stats: readonly PoolStats[], context: { stack: string; now: string }): string {
  const document = {
    apiVersion: 'kolokasi/v1',
    kind: 'PoolReport',
    stack: context.stack,
    now: context.now,
    pools: stats.map((pool) => ({
      name: pool.name,
      field: pool.field,
      family: pool.family,
      cidr: pool.cidr,
      gateway: pool.gateway,
      size: count(pool.size),
      reservedCount: count(pool.reservedCount),
      usedCount: pool.usedCount,
      quarantinedCount: pool.quarantinedCount,
      freeCount: count(pool.freeCount),
      free: pool.free.map((r) => ({ first: r.first, last: r.last, count: count(r.count) })),
      used: pool.used,
      quarantined: pool.quarantined,
      reserved: pool.reserved.map((r) => ({ ...r, count: count(r.count) })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
