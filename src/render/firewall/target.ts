// The one interface every firewall target implements, and the capability map it declares.
// Like Aerleon's generators, a target says up front what it can and cannot express; rules needing
// something it cannot are refused together, by name, before anything renders (src/render/firewall/index.ts).
import type { FirewallTarget, Text } from '../../core/model.ts';
import type { FirewallFeature, FirewallPolicy } from '../../core/firewall.ts';
import type { OutputFile } from '../outputs.ts';

export type Capability =
  /** `how` tells a reader of the capability map how the target does it. */
  | { can: true; how: string }
  /** `because` ends up in the refusal a civil servant reads, so it is bilingual. */
  | { can: false; because: Text };

export interface FirewallRenderer {
  target: FirewallTarget;
  /** The files this target writes, relative to the out dir. */
  files: readonly string[];
  capabilities: Readonly<Record<FirewallFeature, Capability>>;
  /**
   * The longest rule comment (see ruleComment in src/core/firewall.ts) the target keeps, in
   * characters, after its own tag; undefined when it sets no limit. A longer one is refused rather
   * than cut, so a rule never loses the name of its owner.
   */
  commentLimit?: number;
  /** Things a NOC reader should know about the target that are not about single rules. */
  notes: readonly string[];
  /** Pure: the policy has passed the safety checks and the capability check when this runs. */
  render(policy: FirewallPolicy): OutputFile[];
}

/** The bilingual header every target starts its file with (in its own comment syntax). */
export function headerLines(policy: FirewallPolicy, what: string, load: string): string[] {
  const servers = policy.nat.length;
  return [
    `kolokasi ${what} for stack ${policy.stack}: ${servers} server(s).`,
    'Generated from requests/ and the allocation ledger; change the requests, not this file.',
    'Dibuat oleh kolokasi dari requests/ dan buku alokasi; ubah permohonannya, bukan berkas ini.',
    `Load / muat: ${load}`,
    `WAN ${policy.interfaces.wan}, LAN ${policy.interfaces.lan}, colocation LAN ${policy.lanIpv4}` +
      (policy.colocationIpv6.length > 0 ? `, IPv6 ${policy.colocationIpv6.join(' ')}` : ', no IPv6 pool') + '.',
    `Intranet (access: intranet): ${policy.intranet.length > 0 ? policy.intranet.join(' ') : 'none'}.`,
  ];
}
