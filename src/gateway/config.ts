// The gateway agent's configuration file: read as YAML, checked against
// schemas/gateway-config.schema.json (diagnostics with file:line:col), defaults filled in. Pure.
import gatewaySchema from '../../schemas/gateway-config.schema.json' with { type: 'json' };
import type { Diagnostic, SourceFile } from '../core/model.ts';
import { makeValidator } from '../core/schema.ts';
import { locate, parseYaml } from '../core/yaml.ts';
import { report } from '../core/catalog/index.ts';

const checkGatewaySchema = makeValidator(gatewaySchema);

export type GatewayTarget = 'nftables' | 'iptables';

export interface Probe {
  host: string;
  port: number;
}

export interface GatewayConfig {
  remote: string;
  branch: string;
  configBranch: string;
  stack: string;
  target: GatewayTarget;
  stateDir: string;
  confirmSeconds: number;
  probeTimeoutSeconds: number;
  /** How long one fetch from the remote may take before the run counts it as unreachable. */
  gitTimeoutSeconds: number;
  probes: Probe[];
  github?: { environment: string };
}

export const DEFAULT_CONFIG_FILE = '/etc/kolokasi/gateway.yaml';
const DEFAULT_STATE_DIR = '/var/lib/kolokasi-gateway';

/** `host:port` or `[v6]:port`; the schema has checked the form. */
function parseProbe(text: string): Probe {
  const at = text.lastIndexOf(':');
  const host = text.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(text.slice(at + 1)) };
}

export function showProbe(probe: Probe): string {
  return `${probe.host.includes(':') ? `[${probe.host}]` : probe.host}:${probe.port}`;
}

export function parseGatewayConfig(source: SourceFile): { config?: GatewayConfig; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(source);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const diagnostics = checkGatewaySchema(parsed.value, source);
  if (diagnostics.length > 0) return { diagnostics };
  const raw = parsed.value as Omit<GatewayConfig, 'probes' | 'branch' | 'configBranch' | 'stateDir' | 'confirmSeconds' | 'probeTimeoutSeconds' | 'gitTimeoutSeconds'> & {
    probes: string[]; branch?: string; configBranch?: string; stateDir?: string; confirmSeconds?: number; probeTimeoutSeconds?: number; gitTimeoutSeconds?: number;
  };
  const ports = raw.probes.map(parseProbe);
  const badPort = ports.findIndex((probe) => probe.port < 1 || probe.port > 65535);
  if (badPort >= 0) {
    const pointer = `/probes/${badPort}`;
    return {
      diagnostics: [report('KLK104', { file: source.file, at: locate(source.text, pointer), path: pointer }, { kind: 'probe', probe: raw.probes[badPort]! })],
    };
  }
  return {
    config: {
      remote: raw.remote,
      branch: raw.branch ?? 'main',
      configBranch: raw.configBranch ?? 'gateway-config',
      stack: raw.stack,
      target: raw.target,
      stateDir: raw.stateDir ?? DEFAULT_STATE_DIR,
      confirmSeconds: raw.confirmSeconds ?? 60,
      probeTimeoutSeconds: raw.probeTimeoutSeconds ?? 3,
      gitTimeoutSeconds: raw.gitTimeoutSeconds ?? 120,
      probes: ports,
      ...(raw.github ? { github: raw.github } : {}),
    },
    diagnostics: [],
  };
}
