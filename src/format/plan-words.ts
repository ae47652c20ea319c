// The words and one-line descriptions shared by the text and Markdown plan formatters.
import type { Lang, Text } from '../core/model.ts';
import type { ChangeAction, ChangeKind, DnsFields, FirewallFields, Plan, PlanChange } from '../core/plan.ts';
import { opdOf } from '../core/requests.ts';

export interface PlanFormatOptions {
  lang: Lang;
  /** `--force` was given: an unsafe plan is shown as forced rather than refused. */
  forced?: boolean;
  /**
   * Leave out the "No changes" sentence of an empty plan: `apply` says itself what it changed
   * (a port or a name edit changes rendered files without changing any address).
   */
  omitNoChanges?: boolean;
}

/** What describing a change needs of a plan: the core's Plan and the plan JSON document both have it. */
export type PlannedAllocations = Pick<Plan, 'allocations'>;

export const SIGN: Record<ChangeAction, string> = { create: '+', update: '~', delete: '-' };

export const KIND_WORDS: Record<ChangeKind, Text> = {
  allocation: { en: 'allocation', id: 'alokasi' },
  dns: { en: 'dns', id: 'dns' },
  firewall: { en: 'firewall', id: 'firewall' },
};

export const ACTION_WORDS: Record<ChangeAction, Text> = {
  create: { en: 'create', id: 'buat' },
  update: { en: 'update', id: 'ubah' },
  delete: { en: 'delete', id: 'hapus' },
};

export const WORDS = {
  en: {
    title: 'kolokasi plan',
    stack: 'stack',
    zone: 'zone',
    at: 'at',
    public: 'public',
    private: 'private',
    none: 'none',
    quarantineUntil: (t: string) => `quarantine until ${t}`,
    allRules: 'all its rules',
    proxied: 'proxied',
    noChanges: 'No changes: the ledger, DNS and firewall already match the requests.',
    changes: 'Changes',
    allocations: 'Allocations',
    quarantineEnded: 'Quarantine ended (addresses free again)',
    released: (t: string) => `released ${t}`,
    diagnostics: 'Problems',
    allocationSummary: (n: number, k: number, r: number, m = 0) => `${n} new, ${k} kept${m > 0 ? ` (${m} moved)` : ''}, ${r} released`,
    addressesKept: 'addresses kept',
    betweenOpds: (from: string, to: string) => `from OPD ${from} to OPD ${to}: the reviewers of both OPDs approve`,
    movedFrom: (id: string) => `from ${id}`,
    changeSummary: (c: number, u: number, d: number) => `${c} to create, ${u} to update, ${d} to delete`,
    summary: 'Summary',
    unsafe: 'Unsafe plan: refused without --force',
    forced: 'Unsafe plan, passed with --force',
    errors: (n: number) => `${n} error(s): nothing can be applied until they are fixed`,
    warnings: (n: number) => `${n} warning(s)`,
    state: { kept: 'kept', new: 'new', released: 'released' },
    total: 'total',
    request: 'request',
    name: 'name',
    publicIpv4: 'public IPv4',
    privateIpv4: 'private IPv4',
    publicIpv6: 'public IPv6',
    stateHeader: 'state',
    truncated: (n: number) => `${n} more line(s) not shown here (comment size limit); run \`kolokasi plan\` or see the workflow log for the full plan`,
    omitted: 'not shown here (comment size limit)',
  },
  id: {
    title: 'rencana kolokasi',
    stack: 'stack',
    zone: 'zona',
    at: 'pada',
    public: 'publik',
    private: 'privat',
    none: 'tidak ada',
    quarantineUntil: (t: string) => `karantina sampai ${t}`,
    allRules: 'semua aturannya',
    proxied: 'lewat proxy',
    noChanges: 'Tidak ada perubahan: buku alokasi, DNS dan firewall sudah sesuai dengan permohonan.',
    changes: 'Perubahan',
    allocations: 'Alokasi',
    quarantineEnded: 'Karantina berakhir (alamat bebas kembali)',
    released: (t: string) => `dilepas ${t}`,
    diagnostics: 'Masalah',
    allocationSummary: (n: number, k: number, r: number, m = 0) => `${n} baru, ${k} tetap${m > 0 ? ` (${m} pindah)` : ''}, ${r} dilepas`,
    addressesKept: 'alamat tetap',
    betweenOpds: (from: string, to: string) => `dari OPD ${from} ke OPD ${to}: peninjau kedua OPD menyetujui`,
    movedFrom: (id: string) => `dari ${id}`,
    changeSummary: (c: number, u: number, d: number) => `${c} dibuat, ${u} diubah, ${d} dihapus`,
    summary: 'Ringkasan',
    unsafe: 'Rencana tidak aman: ditolak tanpa --force',
    forced: 'Rencana tidak aman, diloloskan dengan --force',
    errors: (n: number) => `${n} galat: tidak ada yang dapat diterapkan sebelum diperbaiki`,
    warnings: (n: number) => `${n} peringatan`,
    state: { kept: 'tetap', new: 'baru', released: 'dilepas' },
    total: 'total',
    request: 'permohonan',
    name: 'nama',
    publicIpv4: 'IPv4 publik',
    privateIpv4: 'IPv4 privat',
    publicIpv6: 'IPv6 publik',
    stateHeader: 'status',
    truncated: (n: number) => `${n} baris lagi tidak ditampilkan di sini (batas ukuran komentar); jalankan \`kolokasi plan\` atau lihat log workflow untuk rencana lengkap`,
    omitted: 'tidak ditampilkan di sini (batas ukuran komentar)',
  },
} as const;

export type Words = (typeof WORDS)[Lang];

/** "public a, private b, ipv6 c": the addresses a server has (a release of IPv6 alone has only the last). */
export function addresses(a: { publicIpv4?: string | undefined; privateIpv4?: string | undefined; publicIpv6?: string | undefined }, words: Words): string {
  const parts: string[] = [];
  if (a.publicIpv4 !== undefined) parts.push(`${words.public} ${a.publicIpv4}`);
  if (a.privateIpv4 !== undefined) parts.push(`${words.private} ${a.privateIpv4}`);
  if (a.publicIpv6 !== undefined) parts.push(`ipv6 ${a.publicIpv6}`);
  return parts.join(', ');
}

function dnsText(d: DnsFields, words: Words): string {
  return [d.fqdn, d.type, d.content, d.proxied ? `(${words.proxied})` : undefined].filter((p) => p !== undefined && p !== null).join(' ');
}

function nat(f: FirewallFields): string {
  return `${f.publicIpv4} <-> ${f.privateIpv4}${f.publicIpv6 !== undefined ? ` + ${f.publicIpv6}` : ''}`;
}

function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[], words: Words): string {
  const label = (f: string) => (f in ADDRESS_LABELS ? words[f as keyof typeof ADDRESS_LABELS] : f);
  return fields
    .filter((f) => before[f] !== null && JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((f) => `${label(f)} ${format(before[f], words)} -> ${format(after[f], words)}`)
    .join(', ');
}

const ADDRESS_LABELS = { publicIpv4: true, privateIpv4: true, publicIpv6: true } as const;

function format(value: unknown, words: Words): string {
  if (value === undefined || value === null) return `(${words.none})`;
  return String(value);
}

const freeFromCache = new WeakMap<PlannedAllocations, Map<string, string>>();

/** Released request id -> end of its quarantine, built once per plan. */
function releasedUntil(plan: PlannedAllocations): Map<string, string> {
  let map = freeFromCache.get(plan);
  if (!map) {
    map = new Map(plan.allocations.filter((a) => a.state === 'released' && a.freeFrom).map((a) => [a.request, a.freeFrom!]));
    freeFromCache.set(plan, map);
  }
  return map;
}

/** What one change does, after its sign, kind and key. */
export function describeChange(change: PlanChange, plan: PlannedAllocations, words: Words): string {
  switch (change.kind) {
    case 'allocation': {
      if (change.movedFrom !== undefined) {
        const [from, to] = [opdOf(change.movedFrom), opdOf(change.request)];
        const edits = fieldChanges({ ...change.before }, { ...change.after }, ['publicIpv4', 'privateIpv4', 'publicIpv6'], words);
        return [addresses(change.before!, words), edits, from !== to ? words.betweenOpds(from, to) : ''].filter((p) => p !== '').join('; ');
      }
      if (change.action === 'update') {
        return fieldChanges({ ...change.before }, { ...change.after }, ['publicIpv4', 'privateIpv4', 'publicIpv6'], words);
      }
      const fields = (change.after ?? change.before)!;
      if (change.action === 'delete') {
        const freeFrom = releasedUntil(plan).get(change.request);
        return `${addresses(fields, words)}${freeFrom ? ` (${words.quarantineUntil(freeFrom)})` : ''}`;
      }
      return addresses(fields, words);
    }
    case 'dns': {
      if (change.action === 'update') {
        return `${dnsText(change.after!, words)}: ${fieldChanges({ ...change.before }, { ...change.after }, ['fqdn', 'content', 'ttl', 'proxied'], words)}`;
      }
      return dnsText((change.after ?? change.before)!, words);
    }
    case 'firewall': {
      if (change.action === 'update') {
        const before = change.before!;
        const after = change.after!;
        const parts: string[] = [];
        const sameIpv4 = before.publicIpv4 === after.publicIpv4 && before.privateIpv4 === after.privateIpv4;
        if (sameIpv4 && before.publicIpv6 === undefined && after.publicIpv6 !== undefined) parts.push(`+ ipv6 ${after.publicIpv6}`);
        else if (nat(before) !== nat(after)) parts.push(`${nat(before)} -> ${nat(after)}`);
        if (before.services !== null) {
          const was = new Set(before.services);
          const will = new Set(after.services ?? []);
          for (const s of after.services ?? []) if (!was.has(s)) parts.push(`+ ${s}`);
          for (const s of before.services) if (!will.has(s)) parts.push(`- ${s}`);
        }
        return `${nat(before)}: ${parts.join('; ')}`;
      }
      const fields = (change.after ?? change.before)!;
      const services = fields.services === null ? words.allRules : fields.services.join('; ');
      return `${nat(fields)}${services ? `: ${services}` : ''}`;
    }
  }
}

/**
 * `+ allocation bapenda/esppt: public 203.0.113.4, private 10.20.30.4`, or for a move
 * `~ allocation bapenda/esppt → bapenda/esppt-pbb, addresses kept: public 203.0.113.4, private 10.20.30.4`.
 */
export function changeLine(change: PlanChange, plan: PlannedAllocations, words: Words, kindWidth = 0, lang: Lang = 'en'): string {
  const kind = KIND_WORDS[change.kind][lang].padEnd(kindWidth);
  const key = change.movedFrom !== undefined ? `${change.movedFrom} → ${change.key}, ${words.addressesKept}` : change.key;
  return `${SIGN[change.action]} ${kind} ${key}: ${describeChange(change, plan, words)}`;
}
