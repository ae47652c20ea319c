// From the repository's parts to the report data: the requests on disk, the ledger, the desired
// state and (when the repository is a git repository) its history. Pure: the command reads
// everything and passes it in, the clock included.
import type { DesiredState, Ledger, LoadedRequest, OpdRegistry, ServiceIntent, SourceFile, StackConfig } from '../core/model.ts';
import { fqdnOf, serviceIntent } from '../core/desired.ts';
import { canonicalAddress } from '../core/ip.ts';
import { addressSpaces, poolStats, spaceOf, type AddressField, type AddressSpaces } from '../core/pool.ts';
import { isoSeconds, quarantineEnd } from '../core/quarantine.ts';
import { compareText } from '../core/order.ts';
import { requestFilePath, requestPathParts } from '../core/requests.ts';
import { parseYaml } from '../core/yaml.ts';
import { isDnsLabel } from '../core/labels.ts';
import requestSchema from '../../schemas/colocation-request.schema.json' with { type: 'json' };
import type { RepositoryHistory } from '../git/history.ts';
import type { LedgerFileVersion } from '../git/past-files.ts';
import type { AddressPlacement, OpdTotal, ReportData, ReportRequest, ReportService } from './model.ts';
import { releasesInHistory, requestTimeline } from './timeline.ts';
import { detectMoves, ledgerVersion, movesInto, type AddressSet, type LedgerVersion, type RequestMove } from './moves.ts';

export interface ReportInput {
  stack: string;
  config: StackConfig;
  registry?: OpdRegistry;
  /** The valid requests of the repository. */
  requests: readonly LoadedRequest[];
  ledger: Ledger;
  desired: DesiredState;
  /** Absent when the repository is not a git repository. */
  history?: RepositoryHistory;
  /** Request files whose last change was their deletion, as they were just before it. */
  withdrawnFiles?: readonly SourceFile[];
  /** Ledger versions around the commits that may hold a move (versionsForMoves), oldest first. */
  ledgerVersions?: readonly LedgerFileVersion[];
  now: Date;
}

export function assembleReport(input: ReportInput): ReportData {
  const { config, ledger, history } = input;
  const spaces = addressSpaces(config);
  const withdrawn = withdrawnFacts(input.withdrawnFiles ?? []);
  const moves = ledgerMoves(input.ledgerVersions ?? []);
  // What a request without its file still has: its title and DNS name from its last file.
  const remembered = (id: string): Pick<ReportRequest, 'title' | 'fqdn'> => {
    const facts = withdrawn.get(id);
    return {
      ...(facts?.title !== undefined ? { title: facts.title } : {}),
      ...(facts?.subdomain !== undefined ? { fqdn: fqdnOf(facts.subdomain, config) } : {}),
    };
  };
  const timelineOf = (id: string, facts: { allocatedAt?: string; releasedAt?: string }) => {
    const timeline = requestTimeline(id, history, facts);
    const moved = movesInto(id, moves).map(({ at, commit, by, from }) => ({ at, from, ...(commit !== undefined ? { commit } : {}), ...(by !== undefined ? { by } : {}) }));
    return moved.length > 0 ? { ...timeline, moved } : timeline;
  };
  const opdNames = new Map((input.registry?.opds ?? []).map((o) => [o.slug, o.name]));
  const servers = new Map(input.desired.servers.map((s) => [s.request, s]));
  const byId = new Map<string, ReportRequest>();
  const base = (id: string, file: string): Pick<ReportRequest, 'id' | 'opd' | 'opdName' | 'name' | 'file'> => {
    const [opd = id, name = ''] = id.split('/');
    return { id, opd, opdName: opdNames.get(opd) ?? opd, name, file };
  };

  for (const loaded of input.requests) {
    const { spec, metadata } = loaded.request;
    const allocation = ledger.allocations[loaded.id];
    const server = servers.get(loaded.id);
    // The desired state decides names and sources for allocated requests; a pending request has
    // no server yet, so the same core functions describe what it asks for.
    const intents: ServiceIntent[] = server?.services ?? spec.services.map((s) => serviceIntent(s, config));
    const services: ReportService[] = intents.map((intent, index) => {
      const asked = spec.services[index];
      const access = asked?.access === 'public' ? 'public' : asked?.access === 'intranet' ? 'intranet' : 'cidrs';
      return {
        name: intent.name,
        protocol: intent.protocol,
        portFrom: intent.portFrom,
        portTo: intent.portTo,
        access,
        sources: intent.sources.kind === 'any' ? [] : [...intent.sources.cidrs],
        ...(asked?.justification !== undefined ? { justification: asked.justification } : {}),
      };
    });
    byId.set(loaded.id, {
      ...base(loaded.id, loaded.file),
      state: allocation ? 'active' : 'pending',
      title: metadata.title,
      details: {
        hostname: spec.server.hostname,
        os: spec.server.os,
        purpose: spec.server.purpose,
        rackUnits: spec.server.rackUnits,
        powerWatts: spec.server.powerWatts,
        letter: { number: spec.letter.number, date: String(spec.letter.date) },
        contact: { ...spec.contact },
        team: spec.team.map((m) => ({ ...m })),
        proxied: spec.dns.proxied === true,
      },
      fqdn: server?.fqdn ?? fqdnOf(spec.dns.subdomain, config),
      ...placements(spaces, allocation ?? {}),
      services,
      ...(allocation ? { allocatedAt: allocation.allocatedAt } : {}),
      timeline: timelineOf(loaded.id, allocation ? { allocatedAt: allocation.allocatedAt } : {}),
    });
  }

  for (const [id, allocation] of Object.entries(ledger.allocations)) {
    if (byId.has(id)) continue;
    byId.set(id, {
      ...base(id, requestFilePath(id)),
      state: 'releasing',
      ...remembered(id),
      ...placements(spaces, allocation),
      services: [],
      allocatedAt: allocation.allocatedAt,
      timeline: timelineOf(id, { allocatedAt: allocation.allocatedAt }),
    });
  }

  // Released requests: those still in quarantine from the ledger, older ones from git.
  const releases = new Map<string, { allocatedAt?: string; releasedAt?: string } & AddressSet>();
  if (history) for (const [id, line] of releasesInHistory(history)) releases.set(id, line);
  for (const release of ledger.released) {
    const known = releases.get(release.request);
    if (!known || (known.releasedAt ?? '') <= release.releasedAt) releases.set(release.request, release);
  }
  for (const [id, release] of releases) {
    if (byId.has(id)) continue;
    const facts = {
      ...(release.allocatedAt !== undefined ? { allocatedAt: release.allocatedAt } : {}),
      ...(release.releasedAt !== undefined ? { releasedAt: release.releasedAt } : {}),
    };
    byId.set(id, {
      ...base(id, requestFilePath(id)),
      state: 'released',
      ...remembered(id),
      ...placements(spaces, release),
      services: [],
      ...facts,
      ...(release.releasedAt !== undefined && Number.isFinite(Date.parse(release.releasedAt))
        ? { quarantineUntil: isoSeconds(quarantineEnd({ releasedAt: release.releasedAt }, config.quarantineDays)) }
        : {}),
      timeline: timelineOf(id, facts),
    });
  }

  const requests = [...byId.values()].sort((a, b) => compareText(a.id, b.id));
  return {
    stack: input.stack,
    zone: config.zone,
    generatedAt: isoSeconds(input.now),
    historyKnown: history !== undefined,
    historyShallow: history?.shallow === true,
    requests,
    opdTotals: opdTotals(requests),
    pools: poolStats(config, ledger, input.now),
    quarantineDays: config.quarantineDays,
  };
}

/**
 * The title and subdomain of each withdrawn request file, read leniently: an old file need not pass
 * today's schema to say what it was called. A value that could not have been valid is left out.
 */
function withdrawnFacts(files: readonly SourceFile[]): Map<string, { title?: string; subdomain?: string }> {
  const out = new Map<string, { title?: string; subdomain?: string }>();
  for (const source of files) {
    const parts = requestPathParts(source.file);
    const parsed = parts ? parseYaml(source) : undefined;
    if (!parts || !parsed?.ok) continue;
    const request = parsed.value as { metadata?: { title?: unknown }; spec?: { dns?: { subdomain?: unknown } } } | null;
    const title = request?.metadata?.title;
    const subdomain = request?.spec?.dns?.subdomain;
    out.set(`${parts.opd}/${parts.name}`, {
      ...(typeof title === 'string' && isOneLine(title) ? { title } : {}),
      ...(typeof subdomain === 'string' && isDnsLabel(subdomain) ? { subdomain } : {}),
    });
  }
  return out;
}

// The schema's one-line text (`$defs/line`): no control, invisible or text-direction characters.
const LINE = requestSchema.$defs.line;
const ONE_LINE = new RegExp(LINE.pattern, 'u');
const isOneLine = (text: string) => text.length >= LINE.minLength && text.length <= LINE.maxLength && ONE_LINE.test(text);

/** Moves within each run of successive versions: across a gap, a version's true successor is unknown. */
function ledgerMoves(files: readonly LedgerFileVersion[]): RequestMove[] {
  const moves: RequestMove[] = [];
  let run: LedgerVersion[] = [];
  let previous = -2;
  for (const { index, commit, text } of files) {
    const version = text === undefined ? undefined : ledgerVersion({ at: commit.committedAt, commit: commit.hash, by: commit.authorName }, text);
    if (index !== previous + 1 || !version) {
      moves.push(...detectMoves(run));
      run = [];
    }
    if (version) run.push(version);
    previous = index;
  }
  moves.push(...detectMoves(run));
  return moves;
}

function placements(spaces: AddressSpaces, addresses: AddressSet): Pick<ReportRequest, 'publicIpv4' | 'privateIpv4' | 'publicIpv6'> {
  const out: Pick<ReportRequest, 'publicIpv4' | 'privateIpv4' | 'publicIpv6'> = {};
  for (const field of ['publicIpv4', 'privateIpv4', 'publicIpv6'] as const satisfies readonly AddressField[]) {
    const address = addresses[field];
    if (address !== undefined) out[field] = placement(spaces, field, address);
  }
  return out;
}

function placement(spaces: AddressSpaces, field: AddressField, address: string): AddressPlacement {
  const canonical = canonicalAddress(address) ?? address;
  const space = spaceOf(spaces, field, canonical);
  if (!space) return { address: canonical, pool: '', cidr: '', prefix: canonical.includes(':') ? 128 : 32, gateway: '' };
  return {
    address: canonical,
    pool: space.pool.name,
    cidr: space.cidr.text,
    prefix: space.cidr.prefix,
    gateway: canonicalAddress(space.pool.gateway) ?? space.pool.gateway,
  };
}

function opdTotals(requests: readonly ReportRequest[]): OpdTotal[] {
  const totals = new Map<string, OpdTotal>();
  for (const request of requests) {
    if ((request.state !== 'active' && request.state !== 'pending') || !request.details) continue;
    const total = totals.get(request.opd) ?? { opd: request.opd, opdName: request.opdName, requests: 0, rackUnits: 0, powerWatts: 0 };
    total.requests += 1;
    total.rackUnits += request.details.rackUnits;
    total.powerWatts += request.details.powerWatts;
    totals.set(request.opd, total);
  }
  return [...totals.values()].sort((a, b) => compareText(a.opd, b.opd));
}
