// What the Pulumi program deploys, decided before any resource exists. `dnsProgramInput` is the
// whole computation, pure: requests, stack config and ledger in, records and stack outputs out,
// through the same core as `kolokasi apply`, so the two cannot disagree. The loaders around it
// read the repository; index.ts only builds the component from the result.
import { createHash } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';
import * as cloudflare from '@pulumi/cloudflare';
import type { DesiredState, Diagnostic, DnsRecord, Ledger, LoadedRequest, StackConfig, Text } from '../core/model.ts';
import { hasErrors, sortDiagnostics } from '../core/diagnostics.ts';
import { ledgerPath } from '../core/ledger.ts';
import { asApplied, planStack, type StackRefusal } from '../core/plan-stack.ts';
import { readRepository } from '../io/repository.ts';
import { asLastApplied } from '../git/request-baseline.ts';
import { UsageError } from '../errors.ts';
import { renderOutputs } from '../render/outputs.ts';

/** One row of the allocation table shown as a stack output. */
export interface AllocationRow {
  request: string;
  fqdn: string;
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
}

export interface DnsProgramInput {
  stack: string;
  zone: string;
  /** From `kolokasi:zoneId`; when absent the zone is looked up by name. */
  zoneId?: string;
  /** Sorted by key. */
  records: DnsRecord[];
  /** Sorted by request id. */
  allocations: AllocationRow[];
  /**
   * `sha256:<hex>` of every file `kolokasi apply` renders, by path. Only a digest: a preview then
   * shows that the gateway config changed without putting the config into the Pulumi state.
   */
  outputDigests: Record<string, string>;
}

/**
 * The program will not deploy, and says why in both languages. A `RunError`, so Pulumi prints the
 * message alone, without a stack trace.
 */
export class DnsProgramRefusal extends pulumi.RunError {
  constructor(
    readonly text: Text,
    /** The requests concerned, when the refusal is about particular requests. */
    readonly requests: readonly string[] = [],
  ) {
    super(`${text.en}\n${text.id}`);
    this.name = 'DnsProgramRefusal';
  }
}

/**
 * The records and stack outputs for one stack. Refuses when the ledger is older than the requests:
 * a request without an allocation (or asking for IPv6 the ledger does not hold yet) means
 * `kolokasi apply` has not run since it changed, and DNS must never point at an address the
 * ledger does not hold.
 */
export function dnsProgramInput(
  stackName: string,
  config: StackConfig,
  requests: readonly LoadedRequest[],
  ledger: Ledger,
): DnsProgramInput {
  const applied = asApplied(stackName, config, requests, ledger);
  if (!applied.ok) throw refusal(stackName, applied);
  return programInput(config, applied.desired);
}

function programInput(config: StackConfig, desired: DesiredState): DnsProgramInput {
  const rendered = renderOutputs(desired, config);
  if (hasErrors(rendered.diagnostics)) throw unrenderable(rendered.diagnostics);
  return {
    stack: desired.stack,
    zone: desired.zone,
    ...(config.zoneId !== undefined ? { zoneId: config.zoneId } : {}),
    // desiredState returns both sorted: records by key, servers by request id.
    records: desired.dnsRecords,
    allocations: desired.servers.map((server) => ({
      request: server.request,
      fqdn: server.fqdn,
      publicIpv4: server.publicIpv4,
      privateIpv4: server.privateIpv4,
      ...(server.publicIpv6 !== undefined ? { publicIpv6: server.publicIpv6 } : {}),
    })),
    outputDigests: Object.fromEntries(rendered.files.map((file) => [file.path, digest(file.content)])),
  };
}

/** Why the program does not deploy, in the words of the stage the core stopped at. */
function refusal(stackName: string, refused: StackRefusal): DnsProgramRefusal {
  if (refused.stage === 'stale') return staleLedger(stackName, refused.stale ?? []);
  if (refused.stage === 'ledger') {
    return refusalListing(refused.diagnostics, {
      en: `The allocation ledger ${ledgerPath(stackName)} is not valid; nothing was changed at Cloudflare:`,
      id: `Buku alokasi ${ledgerPath(stackName)} tidak sah; tidak ada yang diubah di Cloudflare:`,
    });
  }
  return refusalListing(refused.diagnostics, {
    en: 'The repository does not pass kolokasi validate; nothing was changed at Cloudflare:',
    id: 'Repositori tidak lolos kolokasi validate; tidak ada yang diubah di Cloudflare:',
  });
}

function staleLedger(stackName: string, stale: readonly string[]): DnsProgramRefusal {
  const ledger = ledgerPath(stackName);
  const list = stale.join(', ');
  return new DnsProgramRefusal(
    {
      en:
        `The allocation ledger ${ledger} is older than the requests: it holds no addresses for ${stale.length} request(s): ${list}. ` +
        'Nothing was changed at Cloudflare. run kolokasi apply first (it allocates the addresses and writes the ledger), ' +
        'commit the ledger, then run pulumi again.',
      id:
        `Buku alokasi ${ledger} lebih lama daripada permohonan: belum ada alamat untuk ${stale.length} permohonan: ${list}. ` +
        'Tidak ada yang diubah di Cloudflare. Jalankan kolokasi apply terlebih dahulu (perintah itu mengalokasikan alamat ' +
        'dan menulis buku alokasi), commit buku alokasinya, lalu jalankan pulumi lagi.',
    },
    stale,
  );
}

function unrenderable(diagnostics: readonly Diagnostic[]): DnsProgramRefusal {
  return refusalListing(diagnostics, {
    en: 'kolokasi apply could not render the configuration for this state, so it cannot have been applied; nothing was changed at Cloudflare:',
    id: 'kolokasi apply tidak dapat membuat konfigurasi untuk keadaan ini, jadi keadaan ini belum mungkin diterapkan; tidak ada yang diubah di Cloudflare:',
  });
}

function refusalListing(diagnostics: readonly Diagnostic[], lead: Text): DnsProgramRefusal {
  const errors = sortDiagnostics(diagnostics).filter((d) => d.severity === 'error');
  const where = (d: Diagnostic) => (d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file);
  return new DnsProgramRefusal({
    en: [lead.en, ...errors.map((d) => `  ${where(d)}: ${d.code} ${d.message.en}`)].join('\n'),
    id: [lead.id, ...errors.map((d) => `  ${where(d)}: ${d.code} ${d.message.id}`)].join('\n'),
  });
}

function digest(content: string): string {
  return `sha256:${createHash('sha256').update(content, 'utf8').digest('hex')}`;
}

// ---------------------------------------------------------------- the edges

/** Provider settings that hold a Cloudflare credential. */
const CREDENTIAL_KEYS = ['cloudflare:apiToken', 'cloudflare:apiKey', 'cloudflare:apiUserServiceKey'];

/**
 * The Cloudflare token comes from CLOUDFLARE_API_TOKEN in the environment only, never from a file
 * in the repository, not even encrypted: refuses a stack config that holds one.
 */
export function refuseCredentialsInConfig(configKeys: readonly string[]): void {
  const found = CREDENTIAL_KEYS.filter((key) => configKeys.includes(key));
  if (found.length === 0) return;
  throw new DnsProgramRefusal({
    en: `The stack config holds ${found.join(', ')}. The Cloudflare token is read from the CLOUDFLARE_API_TOKEN environment variable only: remove it with \`pulumi config rm\` and set the variable instead.`,
    id: `Konfigurasi stack berisi ${found.join(', ')}. Token Cloudflare hanya dibaca dari variabel lingkungan CLOUDFLARE_API_TOKEN: hapus dengan \`pulumi config rm\` lalu isi variabel tersebut.`,
  });
}

/**
 * The stack Pulumi runs. Started without the Pulumi engine (plain `node`), the SDK would quietly
 * answer "stack" and register resources nowhere; this says what to do instead.
 */
export function engineStack(): string {
  if (!pulumi.runtime.hasMonitor()) {
    throw new DnsProgramRefusal({
      en: 'This is the Pulumi program of kolokasi and was started without the Pulumi engine: run it with pulumi preview or pulumi up (see the README).',
      id: 'Ini program Pulumi kolokasi dan dijalankan tanpa mesin Pulumi: jalankan dengan pulumi preview atau pulumi up (lihat README).',
    });
  }
  return pulumi.getStack();
}

/**
 * Reads the repository exactly as the CLI does and computes the program input. Any validation error
 * refuses the run: `kolokasi validate` would have rejected the same files.
 */
export async function loadDnsProgramInput(root: string, stackName: string): Promise<DnsProgramInput> {
  const files = await readRepository(root, stackName).catch((error: unknown) => {
    // A missing stack file or an unreadable path: the CLI's own words, without a stack trace.
    if (!(error instanceof UsageError)) throw error;
    const hint = error.hint;
    throw new DnsProgramRefusal(hint ? { en: `${error.text.en}; ${hint.en}`, id: `${error.text.id}; ${hint.id}` } : error.text);
  });
  // A request change the ledger commit held (no verified sign-off) gets no DNS record either.
  const sources = { ...files, requests: await asLastApplied(root, stackName, files.requests) };
  // The clock only tells which releases still hold their addresses in quarantine.
  const applied = planStack(sources, new Date()).applied();
  if (!applied.ok) throw refusal(stackName, applied);
  return programInput(applied.config, applied.desired);
}

/**
 * The zone id: `kolokasi:zoneId` when set, otherwise Cloudflare's zone of that exact name.
 * Looked up by name, Cloudflare provider v6 may leave `id` empty and give the id in `zoneId`.
 */
export function cloudflareZoneId(input: Pick<DnsProgramInput, 'zone' | 'zoneId'>, opts?: pulumi.InvokeOutputOptions): pulumi.Output<string> {
  if (input.zoneId !== undefined) return pulumi.output(input.zoneId);
  return cloudflare.getZoneOutput({ filter: { name: input.zone } }, opts).apply((found) => {
    const id = found.zoneId || found.id;
    if (!id || found.name !== input.zone) {
      throw new DnsProgramRefusal({
        en: `Cloudflare has no zone named ${input.zone} that this token can read. Check the zone name, or set kolokasi:zoneId in the stack config.`,
        id: `Cloudflare tidak memiliki zona bernama ${input.zone} yang dapat dibaca token ini. Periksa nama zona, atau isi kolokasi:zoneId di konfigurasi stack.`,
      });
    }
    return id;
  });
}
