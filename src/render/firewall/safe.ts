// The last gate before a firewall file is written: every string that can reach a gateway config
// is checked against a small alphabet, and anything else is refused.
//
// The request schema already restricts these fields when a request is validated; this is the
// second, independent lock. The configs are parsed by nft, iptables-restore and RouterOS, which
// all give meaning to quotes, braces, semicolons, newlines, `#` and (RouterOS) `$`: one such
// character in a name could close a string and open a rule. The alphabets below contain none of
// them, so a checked string can be written into any of the three formats unescaped.
//
// Free text (title, purpose, justification, contact, fqdn) never enters the FirewallPolicy at all:
// buildFirewallPolicy copies only ids, names, addresses and ports. The generic walk at the end
// makes sure of that: any string in the policy outside the address-and-name alphabet is refused,
// even in a field added later and not listed here.
import type { Diagnostic } from '../../core/model.ts';
import { describeChar } from '../../core/diagnostics.ts';
import { report } from '../../core/catalog/index.ts';
import type { BadRuleValue, CheckedField, FieldOf, SafeAlphabet } from '../../core/catalog/render.ts';
import { canonicalAddress, parseCidr, addressFamily } from '../../core/ip.ts';
import { printable, ruleComment, rulesOf, requestFile, stackFile, type FirewallPolicy, type FirewallRule } from '../../core/firewall.ts';

/** An alphabet's patterns; what it allows, in words, is said by the catalog (core/catalog/render.ts). */
interface Alphabet {
  /** One character that may appear somewhere in the value. */
  char: RegExp;
  /** The whole value. */
  whole: RegExp;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';

export const SAFE_ALPHABETS = {
  requestId: {
    char: /[a-z0-9/-]/,
    whole: new RegExp(`^${LABEL}/${LABEL}$`),
  },
  serviceName: {
    char: /[a-z0-9-]/,
    whole: /^[a-z][a-z0-9-]{0,62}$/,
  },
  interfaceName: {
    char: /[A-Za-z0-9._-]/,
    whole: /^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/,
  },
  stackName: {
    char: /[A-Za-z0-9._-]/,
    whole: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
  },
  /** Rule comments are built from request ids and service names only. */
  comment: {
    char: /[a-z0-9 ,/:-]/,
    whole: /^[a-z0-9][a-z0-9 ,/:-]*$/,
  },
} satisfies Record<SafeAlphabet, Alphabet>;

export type SafeKind = keyof typeof SAFE_ALPHABETS;

export function isSafe(kind: SafeKind, value: unknown): value is string {
  return typeof value === 'string' && SAFE_ALPHABETS[kind].whole.test(value);
}

/** Every character any policy string may hold: enough for names, addresses and CIDRs. */
const ANY_POLICY_STRING = /^[A-Za-z0-9:][A-Za-z0-9./:_-]*$/;

/**
 * Refusals for every unsafe string, address or port in the policy; empty when it may be rendered.
 * Each refusal names the server (or the stack setting) and the field.
 */
export function checkPolicyStrings(policy: FirewallPolicy): Diagnostic[] {
  const found = new Map<string, Diagnostic>();
  const add = (d: Diagnostic) => {
    const key = `${d.code}\0${d.file}\0${d.path}\0${d.message.en}`;
    if (!found.has(key)) found.set(key, d);
  };
  const config = stackFile(isSafe('stackName', policy.stack) ? policy.stack : 'stack');

  checkText(add, 'KLK602', config, '', { field: 'stack-name' }, policy.stack, 'stackName');
  checkText(add, 'KLK602', config, '/config/kolokasi:firewall/interfaces/wan', { field: 'wan-interface' }, policy.interfaces.wan, 'interfaceName');
  checkText(add, 'KLK602', config, '/config/kolokasi:firewall/interfaces/lan', { field: 'lan-interface' }, policy.interfaces.lan, 'interfaceName');
  checkCidr(add, config, '/config/kolokasi:pools/private/cidr', { field: 'private-pool' }, policy.lanIpv4, 4);
  for (const cidr of policy.colocationIpv6) checkCidr(add, config, '/config/kolokasi:pools/publicIpv6/cidr', { field: 'ipv6-pool' }, cidr, 6);
  for (const cidr of policy.intranet) checkCidr(add, config, '/config/kolokasi:intranet', { field: 'intranet' }, cidr);
  for (const family of [4, 6] as const) {
    const pointer = `/config/kolokasi:pools/${family === 4 ? 'publicIpv4' : 'publicIpv6'}`;
    const guard = policy.guard[family === 4 ? 'ipv4' : 'ipv6'];
    for (const cidr of guard.pools) checkCidr(add, config, pointer, { field: 'public-pool' }, cidr, family);
    for (const entry of guard.except) {
      if (entry.includes('/')) checkCidr(add, config, pointer, { field: 'gateway-address' }, entry, family);
      else checkAddress(add, config, pointer, { field: 'gateway-address' }, entry, family);
    }
  }

  for (const rule of rulesOf(policy)) checkRule(add, rule);
  if (found.size > 0) return [...found.values()];

  // The catch-all, for what the named checks above do not know (a field added later): no string
  // with a character outside names and addresses, and no number that is not a plain integer.
  walk(policy, [], (at, value) => {
    const problem =
      typeof value === 'string'
        ? ANY_POLICY_STRING.test(value)
          ? undefined
          : firstBad(value, /[A-Za-z0-9./:_-]/)
        : typeof value === 'number' && !Number.isSafeInteger(value)
          ? String(value)
          : undefined;
    if (problem === undefined) return;
    const pointer = at.map((segment) => `/${segment}`).join('');
    add(report('KLK601', { file: config }, { kind: 'data', pointer, problem }));
  });
  return [...found.values()];
}

function checkRule(add: (d: Diagnostic) => void, rule: FirewallRule): void {
  const file = requestFile(String(rule.request));
  const safeId = isSafe('requestId', rule.request);
  const request = safeId ? { id: String(rule.request), quoted: false } : { id: printable(String(rule.request)), quoted: true };
  const of = (field: CheckedField): FieldOf => ({ field, request });
  checkText(add, 'KLK601', file, '/metadata/name', { field: 'request-id' }, rule.request, 'requestId');
  const safeNames = rule.kind === 'nat' || rule.services.every((name) => isSafe('serviceName', name));
  if (rule.kind !== 'nat') {
    rule.services.forEach((name) => checkText(add, 'KLK601', file, '/spec/services', of('service-name'), name, 'serviceName'));
    checkPorts(add, file, of('port-range'), rule.ports.from, rule.ports.to);
    if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') {
      add(refusal(file, '/spec/services', of('protocol'), { kind: 'protocol', protocol: String(rule.protocol) }));
    }
  }
  switch (rule.kind) {
    case 'nat':
    case 'dnat':
      checkAddress(add, file, '/spec/network/publicIpv4', of('public-ipv4'), rule.publicIpv4, 4);
      checkAddress(add, file, '/spec/network/privateIpv4', of('private-ipv4'), rule.privateIpv4, 4);
      break;
    case 'allow':
      checkAddress(add, file, rule.family === 4 ? '/spec/network/privateIpv4' : '/spec/network/publicIpv6', of('address'), rule.destination, rule.family);
      if (rule.sources.kind === 'cidrs') {
        for (const cidr of rule.sources.cidrs) checkCidr(add, file, '/spec/services', of('source'), cidr, rule.family);
      }
      break;
  }
  // Built from the two checked above; checked again as the text that is written, unless one of its
  // parts was already refused (one refusal per cause is enough).
  if (safeId && safeNames) checkText(add, 'KLK601', file, '/spec/services', of('rule-comment'), ruleComment(rule), 'comment');
}

function checkText(add: (d: Diagnostic) => void, code: 'KLK601' | 'KLK602', file: string, path: string, what: FieldOf, value: unknown, kind: SafeKind): void {
  if (isSafe(kind, value)) return;
  const text = typeof value === 'string' ? value : String(value);
  const bad = typeof value === 'string' ? firstBad(text, SAFE_ALPHABETS[kind].char) : undefined;
  add(report(code, { file, path }, { kind: 'text', what, value: shown(text), bad, alphabet: kind }));
}

function checkAddress(add: (d: Diagnostic) => void, file: string, path: string, what: FieldOf, value: unknown, family: 4 | 6): void {
  if (typeof value === 'string' && addressFamily(value) === family && canonicalAddress(value) === value) return;
  add(refusal(file, path, what, { kind: 'address', value: shown(String(value)), family }));
}

function checkCidr(add: (d: Diagnostic) => void, file: string, path: string, what: FieldOf, value: unknown, family?: 4 | 6): void {
  const cidr = typeof value === 'string' ? parseCidr(value) : undefined;
  if (cidr && cidr.text === value && (family === undefined || cidr.family === family)) return;
  add(refusal(file, path, what, { kind: 'cidr', value: shown(String(value)), ...(family === undefined ? {} : { family }) }));
}

function checkPorts(add: (d: Diagnostic) => void, file: string, what: FieldOf, from: unknown, to: unknown): void {
  const isPort = (port: unknown) => typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
  if (isPort(from) && isPort(to) && (from as number) <= (to as number)) return;
  add(refusal(file, '/spec/services', what, { kind: 'ports', from: String(from), to: String(to) }));
}

function refusal(file: string, path: string, what: FieldOf, problem: BadRuleValue): Diagnostic {
  return report('KLK603', { file, path }, { kind: 'rule', what, problem });
}

function firstBad(value: string, allowed: RegExp): string | undefined {
  const bad = [...value].find((ch) => !allowed.test(ch));
  // describeChar shows a visible character as itself; a separator like U+2028 must not get through.
  return bad === undefined ? undefined : printable(describeChar(bad));
}

function shown(value: string): string {
  return printable(value);
}

/**
 * Every leaf of `value`, with the keys that lead to it. One path array, extended and shortened on
 * the way: a pointer string per leaf would be some hundred thousand strings at 10,000 servers, and
 * only a refused leaf needs one.
 */
function walk(value: unknown, at: (string | number)[], visit: (at: readonly (string | number)[], value: unknown) => void): void {
  // Plain loops over indexes and keys: no [key, value] pair and no closure per object.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      walk(value[i], at, visit);
      at.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      at.push(key);
      walk(record[key], at, visit);
      at.pop();
    }
  } else visit(at, value);
}

/** Anything but printable ASCII, tab and newline; `u` so that a character outside the BMP is whole. */
const NOT_PRINTABLE_ASCII = /[^\n\t -~]/u;

/**
 * The net under the net: a rendered file may hold only printable ASCII, tabs and newlines. A
 * renderer that let anything else through has a bug, and its file is withheld.
 */
export function checkRenderedText(file: string, content: string, stack: string): Diagnostic[] {
  // One regex scan: a 10,000-server ruleset is tens of megabytes across the targets.
  const bad = NOT_PRINTABLE_ASCII.exec(content)?.[0];
  if (bad === undefined) return [];
  return [
    report('KLK610', { file: stackFile(isSafe('stackName', stack) ? stack : 'stack') }, { file, char: printable(describeChar(bad)) }),
  ];
}
