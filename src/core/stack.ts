// The stack config: the `kolokasi:` keys of stacks/Pulumi.<stack>.yaml, read by the CLI and the
// Pulumi program alike, checked by schema and then for what a schema cannot say (pools that
// overlap, a gateway outside its pool).
import stackSchema from '../../schemas/stack-config.schema.json' with { type: 'json' };
import registrySchema from '../../schemas/opd-registry.schema.json' with { type: 'json' };
import type { Diagnostic, OpdRegistry, Pool, SourceFile, Stack, StackConfig } from './model.ts';
import { diagnostic } from './diagnostics.ts';
import { makeValidator } from './schema.ts';
import { locate, parseYaml } from './yaml.ts';
import { cidrContainsCidr, cidrsOverlap, parseAddressOrCidr, parseCidr, type Cidr, type Family } from './ip.ts';

const checkStackSchema = makeValidator(stackSchema);
const checkRegistrySchema = makeValidator(registrySchema);

export const STACK_KEY_PREFIX = 'kolokasi:';

/** A stack name: lowercase letters, digits and hyphens, as in stacks/Pulumi.<stack>.yaml. */
export const STACK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function stackConfigPath(stack: string): string {
  return `stacks/Pulumi.${stack}.yaml`;
}

export function parseStack(source: SourceFile, name: string): { stack?: Stack; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(source);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const schemaProblems = checkStackSchema(parsed.value, source);
  if (schemaProblems.length > 0) return { diagnostics: schemaProblems };
  const raw = (parsed.value as { config: Record<string, unknown> }).config;
  const config = Object.fromEntries(
    Object.entries(raw)
      .filter(([key]) => key.startsWith(STACK_KEY_PREFIX))
      .map(([key, value]) => [key.slice(STACK_KEY_PREFIX.length), value]),
  ) as unknown as StackConfig;
  const diagnostics = checkPools(config, source);
  if (diagnostics.length > 0) return { diagnostics };
  return { stack: { name, file: source.file, config }, diagnostics: [] };
}

interface NamedPool {
  pool: Pool;
  pointer: string;
  family: Family;
}

function poolsOf(config: StackConfig): NamedPool[] {
  const base = `/config/${STACK_KEY_PREFIX}pools`;
  return [
    ...config.pools.publicIpv4.map((pool, i) => ({ pool, pointer: `${base}/publicIpv4/${i}`, family: 4 as const })),
    ...(config.pools.publicIpv6 ? [{ pool: config.pools.publicIpv6, pointer: `${base}/publicIpv6`, family: 6 as const }] : []),
    { pool: config.pools.private, pointer: `${base}/private`, family: 4 as const },
  ];
}

function checkPools(config: StackConfig, source: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const problem = (pointer: string, en: string, id: string, hintEn: string, hintId: string) =>
    out.push(diagnostic('KLK701', source.file, locate(source.text, pointer), pointer, { en, id }, { en: hintEn, id: hintId }));
  const parsed: { named: NamedPool; cidr: Cidr }[] = [];
  for (const named of poolsOf(config)) {
    const { pool, pointer, family } = named;
    const cidr = parseCidr(pool.cidr);
    if (!cidr || cidr.family !== family) {
      problem(`${pointer}/cidr`, `pool '${pool.name}': '${pool.cidr}' is not a valid IPv${family} network`,
        `pool '${pool.name}': '${pool.cidr}' bukan jaringan IPv${family} yang sah`,
        'write the network address with its prefix and no host bits, e.g. 203.0.113.0/26',
        'tulis alamat jaringan dengan prefiksnya tanpa bit host, mis. 203.0.113.0/26');
      continue;
    }
    const gateway = parseAddressOrCidr(pool.gateway);
    if (!gateway || pool.gateway.includes('/') || !cidrContainsCidr(cidr, gateway)) {
      problem(`${pointer}/gateway`, `pool '${pool.name}': gateway ${pool.gateway} is not an address inside ${pool.cidr}`,
        `pool '${pool.name}': gateway ${pool.gateway} bukan alamat di dalam ${pool.cidr}`,
        'give the router address of this subnet', 'isi dengan alamat router subnet ini');
    }
    (pool.reserved ?? []).forEach((entry, i) => {
      const reserved = parseAddressOrCidr(entry);
      if (!reserved || !cidrContainsCidr(cidr, reserved)) {
        problem(`${pointer}/reserved/${i}`, `pool '${pool.name}': reserved entry ${entry} is not inside ${pool.cidr}`,
          `pool '${pool.name}': entri reserved ${entry} tidak berada di dalam ${pool.cidr}`,
          'list addresses or networks inside the pool', 'tulis alamat atau jaringan di dalam pool');
      }
    });
    for (const other of parsed) {
      if (cidrsOverlap(other.cidr, cidr)) {
        problem(`${pointer}/cidr`, `pool '${pool.name}' (${pool.cidr}) overlaps pool '${other.named.pool.name}' (${other.named.pool.cidr})`,
          `pool '${pool.name}' (${pool.cidr}) bertumpang tindih dengan pool '${other.named.pool.name}' (${other.named.pool.cidr})`,
          'pools must not share addresses', 'pool tidak boleh berbagi alamat');
      }
    }
    parsed.push({ named, cidr });
  }
  const names = new Set<string>();
  for (const { pool, pointer } of poolsOf(config)) {
    if (names.has(pool.name)) {
      problem(`${pointer}/name`, `pool name '${pool.name}' is used twice`, `nama pool '${pool.name}' dipakai dua kali`,
        'give each pool its own name', 'beri setiap pool nama sendiri');
    }
    names.add(pool.name);
  }
  const intranetBase = `/config/${STACK_KEY_PREFIX}intranet`;
  config.intranet.forEach((entry, i) => {
    if (!parseCidr(entry)) {
      problem(`${intranetBase}/${i}`, `intranet entry '${entry}' is not a valid network`, `entri intranet '${entry}' bukan jaringan yang sah`,
        'write address/prefix without host bits, e.g. 10.10.0.0/16', 'tulis alamat/prefiks tanpa bit host, mis. 10.10.0.0/16');
    }
  });
  return out;
}

export const OPD_REGISTRY_PATH = 'requests/opds.yaml';

export function parseOpdRegistry(source: SourceFile): { registry?: OpdRegistry; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(source);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const problems = checkRegistrySchema(parsed.value, source);
  if (problems.length > 0) return { diagnostics: problems };
  const registry = parsed.value as OpdRegistry;
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  registry.opds.forEach((opd, i) => {
    if (seen.has(opd.slug)) {
      const pointer = `/opds/${i}/slug`;
      diagnostics.push(diagnostic('KLK702', source.file, locate(source.text, pointer), pointer, {
        en: `OPD '${opd.slug}' is registered twice`,
        id: `OPD '${opd.slug}' terdaftar dua kali`,
      }, { en: 'keep one entry per OPD', id: 'simpan satu entri per OPD' }));
    }
    seen.add(opd.slug);
  });
  return diagnostics.length > 0 ? { diagnostics } : { registry, diagnostics };
}
