// The allocation ledger: read, checked against itself and the pools, and written back in a stable
// form (one line per allocation, sorted), so that every change is one reviewable line in git.
import { compareText } from './order.ts';
import ledgerSchema from '../../schemas/allocations.schema.json' with { type: 'json' };
import type { Allocation, Diagnostic, Ledger, Release, SourceFile, StackConfig, Text } from './model.ts';
import { report, reportAs, type Place } from './catalog/index.ts';
import type { LedgerTimeProblem } from './catalog/ledger.ts';
import { makeValidator } from './schema.ts';
import { escapePointer, locate, type Parsed } from './yaml.ts';
import { parseYamlFast } from './fast-yaml.ts';
import { addressToBigint, canonicalAddress } from './ip.ts';
import { ADDRESS_FIELDS, addressSpaces, blockOf, spaceOf, type AddressField, type AddressSpaces } from './pool.ts';
import { blockWords, fieldWords } from './catalog/words.ts';
import { inQuarantine, isoSeconds, quarantineEnd } from './quarantine.ts';

const checkLedgerSchema = makeValidator(ledgerSchema);

/** A ledger line is ~150 bytes: room for some 100,000 allocations, where a request file gets 256 KiB. */
export const MAX_LEDGER_BYTES = 16 * 1024 * 1024;

export const LEDGER_MODELINE = '# yaml-language-server: $schema=../schemas/allocations.schema.json';

export const STACKS_DIR = 'stacks';

/** The ledger's place in the repository (a contract: other tools read it there). */
export function ledgerPath(stack: string): string {
  return `${STACKS_DIR}/${stack}.allocations.yaml`;
}

/** A pull request that changes the ledger: its plan is computed against the base's ledger instead. */
export function ledgerEditedInPullRequest(file: string): Diagnostic {
  return reportAs('warning', 'KLK813', { file }, { kind: 'plan', file });
}

export function emptyLedger(stack: string): Ledger {
  return { apiVersion: 'kolokasi/v1', kind: 'AllocationLedger', stack, allocations: {}, released: [] };
}

export interface LedgerContext {
  /** The stack being worked on; the ledger must say the same. */
  stack: string;
  config: StackConfig;
  /** Releases whose quarantine has ended by then no longer count as holding their addresses. */
  now?: Date;
}

/**
 * The stack's ledger as the repository holds it: none yet is an empty ledger; a file the reader
 * refused (too large, a link) or that does not parse gives diagnostics and no ledger.
 */
export function loadLedger(
  source: SourceFile | undefined,
  readProblems: readonly Diagnostic[],
  context: LedgerContext,
): { ledger?: Ledger; diagnostics: Diagnostic[] } {
  const file = ledgerPath(context.stack);
  const refused = readProblems.filter((d) => d.file === file && d.severity === 'error');
  if (refused.length > 0) return { diagnostics: refused };
  if (!source) return { ledger: emptyLedger(context.stack), diagnostics: [] };
  return parseLedger(source, context);
}

/**
 * A ledger file to a Ledger. Any problem (syntax, schema, an address held twice, an address
 * outside its pool) is an error and no ledger comes back: allocating on top of a ledger that
 * contradicts itself could hand one address to two servers.
 */
export function parseLedger(source: SourceFile, context: LedgerContext): { ledger?: Ledger; diagnostics: Diagnostic[] } {
  const parsed = parseLedgerYaml(source);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  // Before the schema: a file cut right after `released:` fails the schema with a message that
  // does not say the file is cut off.
  const incomplete = checkCounts(parsed.value, source);
  if (incomplete) return { diagnostics: [incomplete] };
  const schemaProblems = checkLedgerSchema(parsed.value, source);
  if (schemaProblems.length > 0) return { diagnostics: schemaProblems };
  const ledger = canonicalLedger(parsed.value as Ledger);
  const diagnostics = checkLedger(ledger, context.config, { ...context, file: source.file, text: source.text });
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { ledger, diagnostics };
}

/**
 * A ledger cut off at a line boundary is still valid YAML, and a cut inside `released:` would
 * silently end a quarantine early. The counts, written before the entries, tell such a file from
 * a whole one: fewer entries than counted, or no `released:` at all (the last key), is a cut.
 * A ledger without counts (written before they were) is read as it is and gets them at its next
 * apply.
 */
function checkCounts(value: unknown, source: SourceFile): Diagnostic | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const stored = value as { counts?: { allocations?: unknown; released?: unknown }; allocations?: unknown; released?: unknown };
  const declared = stored.counts;
  if (declared === null || typeof declared !== 'object' || typeof declared.allocations !== 'number' || typeof declared.released !== 'number') return undefined;
  const found = {
    allocations: stored.allocations !== null && typeof stored.allocations === 'object' ? Object.keys(stored.allocations).length : 0,
    released: Array.isArray(stored.released) ? stored.released.length : 0,
  };
  if ('released' in stored && declared.allocations === found.allocations && declared.released === found.released) return undefined;
  return report('KLK308', { file: source.file, at: locate(source.text, '/counts'), path: '/counts' }, source.file, { allocations: declared.allocations, released: declared.released }, found);
}

/**
 * The form serializeLedger writes is read line by line (a cold 10,000-entry ledger: some 60 ms,
 * where js-yaml needs some 250 ms); anything else, a hand edit in another style, goes through
 * the YAML fast path, and whatever is not plain data, through parseYaml for a precise diagnostic.
 */
function parseLedgerYaml(source: SourceFile): Parsed {
  const canonical = readCanonicalLedger(source.text);
  return canonical === undefined ? parseYamlFast(source) : { ok: true, value: canonical };
}

// ---------------------------------------------------------------- the line format
// serializeLedger writes, and everything below reads, one entry per line:
//   `  <request id>: { key: "value", ... }` an allocation (the id double-quoted unless plain),
//   `  - { key: "value", ... }` a release,
// values double-quoted strings without escapes, which YAML and JSON read alike.

const QUOTED = '"([^"\\\\\\x00-\\x1f]*)"';
const ENTRY_KEY = `([a-z0-9-]+/[a-z0-9-]+|${QUOTED})`;
const ALLOCATION_LINE = new RegExp(`^  ${ENTRY_KEY}: \\{ (.*) \\}$`);
const RELEASE_LINE = /^  - \{ (.*) \}$/;
const FLOW_FIELD = new RegExp(`^([A-Za-z0-9]+): ${QUOTED}$`);
/** An entry line in some other flow style (a hand edit): read as YAML. */
const LOOSE_ALLOCATION_LINE = /^ {2}[^\s-][^:]*: \{.*\}\s*$/;
const LOOSE_RELEASE_LINE = /^ {2}- \{.*\}\s*$/;

/** The string fields of one entry line, by key. */
export type LedgerFields = Readonly<Record<string, string>>;

export type LedgerLine =
  | { kind: 'allocation'; request: string; fields: LedgerFields }
  | { kind: 'release'; fields: LedgerFields };

/** One line exactly as serializeLedger writes it; undefined for any other line. */
function writtenLine(line: string): LedgerLine | undefined {
  const allocation = ALLOCATION_LINE.exec(line);
  if (allocation) {
    const fields = flowFields(allocation[3]!);
    return fields ? { kind: 'allocation', request: allocation[2] ?? allocation[1]!, fields } : undefined;
  }
  const release = RELEASE_LINE.exec(line);
  const fields = release ? flowFields(release[1]!) : undefined;
  return fields ? { kind: 'release', fields } : undefined;
}

/**
 * One entry line of a ledger: as serializeLedger writes it, or in another flow style (an older or
 * hand-edited version in the history). Any other line, or one that does not parse, is no entry;
 * fields that are not strings are left out.
 */
export function readLedgerLine(line: string): LedgerLine | undefined {
  const written = writtenLine(line);
  if (written) return written;
  const isRelease = LOOSE_RELEASE_LINE.test(line);
  if (!isRelease && !LOOSE_ALLOCATION_LINE.test(line)) return undefined;
  const parsed = parseYamlFast({ file: 'ledger line', text: line.trim() });
  if (!parsed.ok) return undefined;
  if (isRelease) {
    const fields = Array.isArray(parsed.value) && parsed.value.length === 1 ? stringFields(parsed.value[0]) : undefined;
    return fields ? { kind: 'release', fields } : undefined;
  }
  const outer = isRecord(parsed.value) ? Object.entries(parsed.value) : [];
  const [request, inner] = outer[0] ?? [];
  const fields = stringFields(inner);
  return outer.length === 1 && request !== undefined && fields ? { kind: 'allocation', request, fields } : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringFields(value: unknown): LedgerFields | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, field] of Object.entries(value)) if (typeof field === 'string') out[key] = field;
  return out;
}

/**
 * The exact form serializeLedger writes, read line by line without a YAML parser. Any line outside that
 * form (a hand edit in another style, a comment at the end of a line) returns undefined and the
 * file is read as YAML. Both paths give the same data.
 */
export function readCanonicalLedger(text: string): unknown {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let i = 0;
  while (i < lines.length && (lines[i]!.startsWith('#') || lines[i] === '')) i++;
  const take = (expected: RegExp): RegExpExecArray | undefined => {
    const match = i < lines.length ? expected.exec(lines[i]!) : null;
    if (match) i++;
    return match ?? undefined;
  };
  const takeEntry = (kind: LedgerLine['kind']): LedgerLine | undefined => {
    const entry = i < lines.length ? writtenLine(lines[i]!) : undefined;
    if (entry?.kind !== kind) return undefined;
    i++;
    return entry;
  };
  if (!take(/^apiVersion: kolokasi\/v1$/) || !take(/^kind: AllocationLedger$/)) return undefined;
  const stack = take(new RegExp(`^stack: (?:([a-z][a-z0-9-]*)|${QUOTED})$`));
  // YAML reads these three plain words as a boolean or null, not as a stack name.
  if (!stack || ['true', 'false', 'null'].includes(stack[1] ?? '')) return undefined;
  const counts = take(/^counts: \{ allocations: (0|[1-9]\d{0,8}), released: (0|[1-9]\d{0,8}) \}$/);
  const allocations: Record<string, LedgerFields> = {};
  if (!take(/^allocations: \{\}$/)) {
    if (!take(/^allocations:$/)) return undefined;
    for (let entry = takeEntry('allocation'); entry?.kind === 'allocation'; entry = takeEntry('allocation')) {
      if (Object.hasOwn(allocations, entry.request)) return undefined;
      allocations[entry.request] = entry.fields;
    }
  }
  const released: LedgerFields[] = [];
  if (!take(/^released: \[\]$/)) {
    if (!take(/^released:$/)) return undefined;
    for (let entry = takeEntry('release'); entry; entry = takeEntry('release')) released.push(entry.fields);
  }
  if (i !== lines.length) return undefined;
  return {
    apiVersion: 'kolokasi/v1',
    kind: 'AllocationLedger',
    stack: stack[1] ?? stack[2],
    ...(counts ? { counts: { allocations: Number(counts[1]), released: Number(counts[2]) } } : {}),
    allocations,
    released,
  };
}

/** `key: "value", key: "value"` -> an object; undefined on anything else or a repeated key. */
function flowFields(body: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of body.split(', ')) {
    const match = FLOW_FIELD.exec(part);
    if (!match || Object.hasOwn(out, match[1]!)) return undefined;
    out[match[1]!] = match[2]!;
  }
  return out;
}

/** Who holds what in a ledger's text, whatever else it holds or lacks. */
export interface LedgerEntries {
  allocations: ReadonlyMap<string, LedgerFields>;
  released: readonly LedgerFields[];
}

/**
 * A ledger's entries, read leniently: an old version in the history or the ledger a notice quotes
 * need not pass today's checks (a pool since resized) to say who held what. Undefined when the
 * text is not YAML; entries that are not mappings are left out.
 */
export function readLedgerEntries(text: string, file = 'ledger'): LedgerEntries | undefined {
  const parsed = parseLedgerYaml({ file, text });
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const value = parsed.value;
  const allocations = new Map<string, LedgerFields>();
  if (isRecord(value.allocations)) {
    for (const [id, entry] of Object.entries(value.allocations)) {
      const fields = stringFields(entry);
      if (fields) allocations.set(id, fields);
    }
  }
  const released: LedgerFields[] = [];
  for (const entry of Array.isArray(value.released) ? (value.released as unknown[]) : []) {
    const fields = stringFields(entry);
    if (fields) released.push(fields);
  }
  return { allocations, released };
}

/** Addresses in canonical text (IPv6 compressed), so that one address always compares equal. */
function canonicalLedger(ledger: Ledger): Ledger {
  const canon = <T extends Partial<Record<AddressField, string>>>(entry: T): T => {
    const out = { ...entry };
    for (const field of ADDRESS_FIELDS) {
      const value = out[field];
      if (value !== undefined) out[field] = (canonicalAddress(value) ?? value) as T[AddressField];
    }
    return out;
  };
  return {
    apiVersion: ledger.apiVersion,
    kind: ledger.kind,
    stack: ledger.stack,
    allocations: Object.fromEntries(Object.entries(ledger.allocations).map(([id, a]) => [id, canon(a)])),
    released: ledger.released.map(canon),
  };
}

export interface LedgerCheckOptions {
  file: string;
  /** The ledger's text, to point diagnostics at lines; without it they point at the file. */
  text?: string;
  stack?: string;
  now?: Date;
}

/** Where an address of the ledger sits, and how to name its holder in a message. */
interface Holding {
  pointer: string;
  holder: Text;
}


/**
 * What a ledger must hold true of itself: it belongs to this stack, each address is held once
 * (by an allocation or by a release still in quarantine), and each allocated address lies in the
 * right pool and is not one that is never handed out.
 */
export function checkLedger(ledger: Ledger, config: StackConfig, options: LedgerCheckOptions): Diagnostic[] {
  const { file, text, now } = options;
  const out: Diagnostic[] = [];
  const at = (pointer: string): Place => ({ file, at: text === undefined ? undefined : locate(text, pointer), path: pointer });

  if (options.stack !== undefined && ledger.stack !== options.stack) {
    out.push(report('KLK301', at('/stack'), ledger.stack, options.stack, ledgerPath(options.stack)));
  }

  const holdings = new Map<string, Holding[]>();
  const hold = (address: string | undefined, holding: Holding) => {
    if (address === undefined) return;
    const list = holdings.get(address);
    if (list) list.push(holding);
    else holdings.set(address, [holding]);
  };
  const spaces = addressSpaces(config);
  for (const id of Object.keys(ledger.allocations).sort()) {
    const allocation = ledger.allocations[id]!;
    const base = `/allocations/${escapePointer(id)}`;
    for (const field of ADDRESS_FIELDS) {
      const address = allocation[field];
      if (address === undefined) continue;
      hold(address, { pointer: `${base}/${field}`, holder: { en: `allocation of ${id}`, id: `alokasi ${id}` } });
      out.push(...checkPlacement(spaces, field, address, () => at(`${base}/${field}`), id));
    }
    out.push(...checkTimes(allocation.allocatedAt, undefined, base, at));
  }
  ledger.released.forEach((release, index) => {
    const base = `/released/${index}`;
    out.push(...checkTimes(release.allocatedAt, release.releasedAt, base, at));
    if (now !== undefined && Number.isFinite(Date.parse(release.releasedAt)) && !inQuarantine(release, config.quarantineDays, now)) return;
    const until = Number.isFinite(Date.parse(release.releasedAt)) ? isoSeconds(quarantineEnd(release, config.quarantineDays)) : '?';
    for (const field of ADDRESS_FIELDS) {
      hold(release[field], {
        pointer: `${base}/${field}`,
        holder: { en: `release of ${release.request} (quarantine until ${until})`, id: `pelepasan ${release.request} (karantina sampai ${until})` },
      });
    }
  });

  for (const [address, list] of holdings) {
    if (list.length < 2) continue;
    out.push(report('KLK302', at(list[1]!.pointer), address, list.map((h) => h.holder)));
  }
  return out;
}

/** `place` is called only for a problem: locating a pointer reads the text from the start. */
function checkPlacement(spaces: AddressSpaces, field: AddressField, address: string, place: () => Place, id: string): Diagnostic[] {
  const space = spaceOf(spaces, field, address);
  const words = fieldWords(field);
  if (!space) {
    const pools = spaces[field].map((s) => `${s.pool.name} (${s.cidr.text})`).join(', ') || '-';
    return [report('KLK303', place(), id, words, address, pools)];
  }
  const block = blockOf(space, addressToBigint(address));
  if (!block) return [];
  const reason = blockWords(block.reason, block.entry);
  // The stack reserved an address after it was handed out: the server keeps it (stability),
  // but someone must decide which of the two is wrong.
  if (block.reason === 'reserved') return [reportAs('warning', 'KLK305', place(), id, words, address, reason, space.pool.name)];
  return [report('KLK304', place(), id, words, address, reason, space.pool.name)];
}

function checkTimes(allocatedAt: string, releasedAt: string | undefined, base: string, at: (pointer: string) => Place): Diagnostic[] {
  const problem = (pointer: string, found: LedgerTimeProblem) => [report('KLK306', at(`${base}/${pointer}`), found)];
  if (!Number.isFinite(Date.parse(allocatedAt))) return problem('allocatedAt', { kind: 'not-a-time', field: 'allocatedAt', value: allocatedAt });
  if (releasedAt === undefined) return [];
  const released = Date.parse(releasedAt);
  if (!Number.isFinite(released)) return problem('releasedAt', { kind: 'not-a-time', field: 'releasedAt', value: releasedAt });
  if (released < Date.parse(allocatedAt)) return problem('releasedAt', { kind: 'released-before-allocated', releasedAt, allocatedAt });
  return [];
}

/**
 * A clock earlier than the ledger's latest entry would write a release older than its allocation
 * and a ledger every later run refuses; such a run is refused before anything is computed.
 */
export function clockBehindLedger(ledger: Ledger, now: Date, file: string): Diagnostic | undefined {
  let latest = '';
  let latestTime = -Infinity;
  const times = [...Object.values(ledger.allocations).map((a) => a.allocatedAt), ...ledger.released.map((r) => r.releasedAt)];
  for (const time of times) {
    const value = Date.parse(time);
    if (value > latestTime) [latest, latestTime] = [time, value];
  }
  if (now.getTime() >= latestTime) return undefined;
  return report('KLK307', { file }, isoSeconds(now), latest);
}

// ---------------------------------------------------------------- writing

const PLAIN_ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;

function key(id: string): string {
  return PLAIN_ID.test(id) ? id : JSON.stringify(id);
}

function flow(entries: [string, string | undefined][]): string {
  return `{ ${entries
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}

function allocationLine(allocation: Allocation): string {
  return flow([
    ['subdomain', allocation.subdomain],
    ['publicIpv4', allocation.publicIpv4],
    ['privateIpv4', allocation.privateIpv4],
    ['publicIpv6', allocation.publicIpv6],
    ['allocatedAt', allocation.allocatedAt],
    ['movedFrom', allocation.movedFrom],
  ]);
}

function releaseLine(release: Release): string {
  return flow([
    ['request', release.request],
    ['subdomain', release.subdomain],
    ['publicIpv4', release.publicIpv4],
    ['privateIpv4', release.privateIpv4],
    ['publicIpv6', release.publicIpv6],
    ['allocatedAt', release.allocatedAt],
    ['releasedAt', release.releasedAt],
  ]);
}

export function sortReleases(released: readonly Release[]): Release[] {
  return [...released].sort((a, b) => compareText(a.releasedAt, b.releasedAt) || compareText(a.request, b.request) || compareText(a.publicIpv4 ?? '', b.publicIpv4 ?? '') || compareText(a.publicIpv6 ?? '', b.publicIpv6 ?? ''));
}

/**
 * The ledger as YAML: allocations sorted by request id, releases by release time then request,
 * one entry per line. Serializing the same ledger always gives the same bytes.
 */
export function serializeLedger(ledger: Ledger): string {
  const lines = [
    LEDGER_MODELINE,
    `# Allocation ledger of stack ${ledger.stack}, written by \`kolokasi apply\`. Change it only in a reviewed pull request.`,
    `# Buku alokasi stack ${ledger.stack}, ditulis oleh \`kolokasi apply\`. Ubah hanya melalui pull request yang ditinjau.`,
    'apiVersion: kolokasi/v1',
    'kind: AllocationLedger',
    `stack: ${/^[a-z][a-z0-9-]*$/.test(ledger.stack) && !['true', 'false', 'null'].includes(ledger.stack) ? ledger.stack : JSON.stringify(ledger.stack)}`,
  ];
  const ids = Object.keys(ledger.allocations).sort(compareText);
  lines.push(`counts: { allocations: ${ids.length}, released: ${ledger.released.length} }`);
  if (ids.length === 0) lines.push('allocations: {}');
  else {
    lines.push('allocations:');
    for (const id of ids) lines.push(`  ${key(id)}: ${allocationLine(ledger.allocations[id]!)}`);
  }
  const released = sortReleases(ledger.released);
  if (released.length === 0) lines.push('released: []');
  else {
    lines.push('released:');
    for (const release of released) lines.push(`  - ${releaseLine(release)}`);
  }
  return `${lines.join('\n')}\n`;
}

