// The stack config: the `kolokasi:` keys of stacks/Pulumi.<stack>.yaml, read by the CLI and the
// Pulumi program alike, checked by schema and then for what a schema cannot say (pools that
// overlap, a gateway outside its pool).
import stackSchema from '../../schemas/stack-config.schema.json' with { type: 'json' };
import registrySchema from '../../schemas/opd-registry.schema.json' with { type: 'json' };
import type { Diagnostic, OpdRegistry, Pool, SourceFile, Stack, StackConfig } from './model.ts';
import { report, type FactsOf } from './catalog/index.ts';
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
  const problem = (pointer: string, facts: FactsOf<'KLK701'>[0]) =>
    out.push(report('KLK701', { file: source.file, at: locate(source.text, pointer), path: pointer }, facts));
  const parsed: { named: NamedPool; cidr: Cidr }[] = [];
  for (const named of poolsOf(config)) {
    const { pool, pointer, family } = named;
    const cidr = parseCidr(pool.cidr);
    if (!cidr || cidr.family !== family) {
      problem(`${pointer}/cidr`, { kind: 'network', pool: pool.name, cidr: pool.cidr, family });
      continue;
    }
    const gateway = parseAddressOrCidr(pool.gateway);
    if (!gateway || pool.gateway.includes('/') || !cidrContainsCidr(cidr, gateway)) {
      problem(`${pointer}/gateway`, { kind: 'gateway', pool: pool.name, gateway: pool.gateway, cidr: pool.cidr });
    }
    (pool.reserved ?? []).forEach((entry, i) => {
      const reserved = parseAddressOrCidr(entry);
      if (!reserved || !cidrContainsCidr(cidr, reserved)) {
        problem(`${pointer}/reserved/${i}`, { kind: 'reserved', pool: pool.name, entry, cidr: pool.cidr });
      }
    });
    for (const other of parsed) {
      if (cidrsOverlap(other.cidr, cidr)) {
        problem(`${pointer}/cidr`, { kind: 'overlap', pool: pool.name, cidr: pool.cidr, other: other.named.pool.name, otherCidr: other.named.pool.cidr });
      }
    }
    parsed.push({ named, cidr });
  }
  const names = new Set<string>();
  for (const { pool, pointer } of poolsOf(config)) {
    if (names.has(pool.name)) {
      problem(`${pointer}/name`, { kind: 'name-twice', pool: pool.name });
    }
    names.add(pool.name);
  }
  const intranetBase = `/config/${STACK_KEY_PREFIX}intranet`;
  config.intranet.forEach((entry, i) => {
    if (!parseCidr(entry)) {
      problem(`${intranetBase}/${i}`, { kind: 'intranet', entry });
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
      diagnostics.push(report('KLK702', { file: source.file, at: locate(source.text, pointer), path: pointer }, { opd: opd.slug }));
    }
    seen.add(opd.slug);
  });
  return diagnostics.length > 0 ? { diagnostics } : { registry, diagnostics };
}
