// The RouterOS scripts at parser level: every line of every rendered .rsc parses, every entry is
// tagged, removal comes before addition, values have the shape their property needs, every jump
// lands on a chain the script fills and is placed before every other rule of its chain.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAddressOrCidr } from '../../src/core/ip.ts';
import { ROLLBACK_SCHEDULER, ROUTEROS_CONFIRMED_FILE, ROUTEROS_FILE, ROUTEROS_TAG } from '../../src/render/firewall/routeros.ts';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import { CASES, GOLDEN_DIR, renderCase } from './cases.ts';
import { manyConfig, manyDesired } from './fixtures.ts';
import { parseInlineScript, parseRouterosScript, type Command } from './routeros-parser.ts';

const MENUS: Record<string, { family: 4 | 6; builtin: string[] }> = {
  '/ip firewall nat': { family: 4, builtin: ['dstnat', 'srcnat'] },
  '/ip firewall filter': { family: 4, builtin: ['input', 'forward', 'output'] },
  '/ipv6 firewall filter': { family: 6, builtin: ['input', 'forward', 'output'] },
};
const KEYS = new Set(['action', 'chain', 'comment', 'connection-state', 'dst-address', 'dst-port', 'jump-target', 'out-interface', 'place-before', 'protocol', 'src-address', 'to-addresses']);
const ACTIONS: Record<string, string[]> = {
  '/ip firewall nat': ['jump', 'dst-nat', 'src-nat', 'masquerade'],
  '/ip firewall filter': ['jump', 'accept', 'drop', 'return'],
  '/ipv6 firewall filter': ['jump', 'accept', 'drop', 'return'],
};

/** Whether a find selects only kolokasi's entries. */
function findsTagged(c: Command): boolean {
  return c.find?.conditions.some((cond) => cond.key === 'comment' && cond.operator === '~' && cond.value === `^${ROUTEROS_TAG}`) === true;
}

/** Everything a RouterOS reader would object to in the parsed commands; empty when all is well. */
function semanticProblems(commands: Command[]): string[] {
  const problems: string[] = [];
  const problem = (c: Command, text: string) => problems.push(`line ${c.line} (${c.menu} ${c.verb}): ${text}`);
  const firstAdd = commands.findIndex((c) => c.verb === 'add');
  const chains = new Map<string, Set<string>>();
  for (const c of commands) {
    if (c.verb === 'add') {
      const set = chains.get(c.menu) ?? new Set<string>();
      set.add(c.args.chain ?? '');
      chains.set(c.menu, set);
    }
  }
  commands.forEach((c, index) => {
    const menu = MENUS[c.menu];
    if (!menu) return problem(c, 'unknown menu');
    if (c.verb !== 'add') {
      if (firstAdd >= 0 && index > firstAdd) problem(c, `${c.verb} after add: a second import would ${c.verb} fresh entries`);
      if (!findsTagged(c)) problem(c, `${c.verb} must find by the tag, got ${JSON.stringify(c.find)}`);
      return;
    }
    const { args } = c;
    for (const key of Object.keys(args)) if (!KEYS.has(key)) problem(c, `unknown property ${key}`);
    if (!args.comment?.startsWith(ROUTEROS_TAG)) problem(c, `comment not tagged: ${JSON.stringify(args.comment)}`);
    if (!args.chain) problem(c, 'no chain');
    else if (!menu.builtin.includes(args.chain) && !args.chain.startsWith('kolokasi-')) problem(c, `chain ${args.chain} is neither built in nor kolokasi's`);
    if (!args.action || !ACTIONS[c.menu]!.includes(args.action)) problem(c, `action ${args.action} not expected here`);
    if (args.action === 'jump') {
      if (!args['jump-target']?.startsWith('kolokasi-')) problem(c, 'jump to a chain that is not kolokasi\'s');
      else if (!chains.get(c.menu)?.has(args['jump-target'])) problem(c, `jump to ${args['jump-target']}, which this script never fills`);
    }
    const fromBuiltin = menu.builtin.includes(args.chain ?? '');
    if (fromBuiltin && args['place-before'] !== '0') problem(c, 'a rule in a built-in chain must be placed before every other rule (place-before=0)');
    if (!fromBuiltin && args['place-before'] !== undefined) problem(c, 'only jumps from built-in chains are placed');
    if (fromBuiltin && commands.slice(index + 1).some((later) => later.menu === c.menu && later.verb === 'add' && !MENUS[later.menu]!.builtin.includes(later.args.chain ?? ''))) {
      problem(c, 'a jump placed before its chain is filled: place-before=0 needs a non-empty list');
    }
    if ((args.action === 'dst-nat' || args.action === 'src-nat') && !args['to-addresses']) problem(c, 'nat without to-addresses');
    if (args['dst-port'] !== undefined) {
      if (args.protocol !== 'tcp' && args.protocol !== 'udp') problem(c, 'dst-port without tcp or udp');
      const match = /^(\d+)(?:-(\d+))?$/.exec(args['dst-port']);
      const from = Number(match?.[1]);
      const to = Number(match?.[2] ?? match?.[1]);
      if (!match || from < 1 || to > 65535 || from > to) problem(c, `dst-port ${args['dst-port']} is not a port or range`);
    }
    for (const key of ['src-address', 'dst-address', 'to-addresses']) {
      const value = args[key];
      if (value === undefined) continue;
      const parsed = parseAddressOrCidr(value);
      if (!parsed || parsed.family !== menu.family) problem(c, `${key}=${value} is not an IPv${menu.family} address or prefix`);
    }
    if (args['connection-state'] !== undefined && !['established,related', 'invalid'].includes(args['connection-state'])) problem(c, 'unexpected connection-state');
  });
  return problems;
}

function check(text: string): { commands: Command[]; problems: string[] } {
  const { commands, errors } = parseRouterosScript(text);
  return { commands, problems: [...errors, ...semanticProblems(commands)] };
}

/** The commit-confirmed script: the armed rollback first, then the firewall commands as above. */
function checkConfirmed(text: string): { commands: Command[]; problems: string[] } {
  const { commands, errors } = parseRouterosScript(text);
  const [arm, ...rest] = commands;
  const problems = [...errors];
  if (arm?.menu !== '/system scheduler' || arm.verb !== 'add' || arm.args.name !== ROLLBACK_SCHEDULER) {
    problems.push(`the first command must arm ${ROLLBACK_SCHEDULER}, got ${JSON.stringify(arm)}`);
  } else {
    const rollback = parseInlineScript(arm.args['on-event'] ?? '');
    problems.push(...rollback.errors.map((e) => `on-event: ${e}`));
    for (const c of rollback.commands) {
      const removesItself = c.menu === '/system scheduler' && c.verb === 'remove' && JSON.stringify(c.find?.conditions) === JSON.stringify([{ key: 'name', operator: '=', value: ROLLBACK_SCHEDULER }]);
      if (!removesItself && !(MENUS[c.menu] && c.verb !== 'add' && findsTagged(c))) problems.push(`on-event: ${c.menu} ${c.verb} touches more than kolokasi's entries`);
    }
  }
  return { commands: rest, problems: [...problems, ...semanticProblems(rest)] };
}

describe('RouterOS scripts kolokasi renders', () => {
  const rendered = [
    ...CASES.map((c) => ({ name: c.name, files: renderCase(c).files })),
    { name: '1000 servers', files: renderFirewall(manyDesired(1000), manyConfig(1000)).files },
  ].map(({ name, files }) => ({
    name,
    content: files.find((f) => f.path === ROUTEROS_FILE)?.content,
    confirmed: files.find((f) => f.path === ROUTEROS_CONFIRMED_FILE)?.content,
  }));
  for (const { name, content, confirmed } of rendered) {
    it(`${name}: the commit-confirmed script arms its rollback first, then makes the same entries`, () => {
      expect(confirmed).toBeDefined();
      const { commands, problems } = checkConfirmed(confirmed!);
      expect(problems).toEqual([]);
      const adds = (list: Command[]) => list.filter((c) => c.verb === 'add').map((c) => `${c.menu} ${JSON.stringify(c.args)}`);
      expect(adds(commands)).toEqual(adds(parseRouterosScript(content!).commands));
    });
    it(`${name}: every line parses, every entry is tagged and well-formed`, () => {
      expect(content).toBeDefined();
      const { commands, problems } = check(content!);
      expect(problems).toEqual([]);
      // Each non-comment, non-empty line is one menu switch or one command: nothing was skipped.
      const lines = content!.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
      const menuOnly = lines.filter((line) => line.startsWith('/') && !/ (add|remove) /.test(line));
      expect(commands.length + menuOnly.length).toBe(lines.length);
      expect(commands.filter((c) => c.verb === 'remove').map((c) => c.menu).sort()).toEqual(Object.keys(MENUS).sort());
    });
  }

  it('parses the golden .rsc files too', () => {
    const dirs = readdirSync(GOLDEN_DIR);
    expect(dirs.length).toBeGreaterThan(0);
    for (const dir of dirs) {
      const text = readFileSync(path.join(GOLDEN_DIR, dir, 'kolokasi.rsc'), 'utf8');
      expect(check(text).problems, dir).toEqual([]);
      const confirmed = readFileSync(path.join(GOLDEN_DIR, dir, 'kolokasi-commit-confirmed.rsc'), 'utf8');
      expect(checkConfirmed(confirmed).problems, dir).toEqual([]);
    }
  });
});

describe('the RouterOS parser itself', () => {
  const good = [
    '/ip firewall nat remove [find where comment~"^kolokasi:"]',
    '/ip firewall nat',
    'add action=accept chain=kolokasi-forward comment="kolokasi: a/b https" dst-address=10.20.30.4 dst-port=443 protocol=tcp',
    '',
  ].join('\n');

  it('accepts the subset it describes', () => {
    expect(parseRouterosScript(good).errors).toEqual([]);
    expect(parseRouterosScript(good).commands.map((c) => c.verb)).toEqual(['remove', 'add']);
  });

  it('reads a script held in a string, and refuses one that hides a second command or a variable', () => {
    const inline = '/ip firewall nat enable [find where comment~"^kolokasi:"]; /system scheduler remove [find where name="kolokasi-rollback"]';
    expect(parseInlineScript(inline).errors).toEqual([]);
    expect(parseInlineScript(inline).commands.map((c) => `${c.menu} ${c.verb}`)).toEqual(['/ip firewall nat enable', '/system scheduler remove']);
    expect(parseInlineScript('/ip firewall nat enable [find where comment~"a;b"]').errors).toEqual([]);
    for (const bad of ['enable [find where comment~"^kolokasi:"]', '/ip firewall nat remove [find]', '/ip firewall nat remove [find where comment~"$x"]', '/system reboot']) {
      expect(parseInlineScript(bad).errors.length, bad).toBeGreaterThan(0);
    }
  });

  it('refuses what would let a string escape into a command', () => {
    const menu = '/ip firewall filter\n';
    const bad: Record<string, string> = {
      'a semicolon': `${menu}add chain=forward action=accept comment="kolokasi: x" ; /system reset-configuration\n`,
      'a variable in a string': `${menu}add chain=forward action=accept comment="kolokasi: $x"\n`,
      'an unterminated string': `${menu}add chain=forward action=accept comment="kolokasi: x\n`,
      'a brace': `${menu}add chain=forward action={accept}\n`,
      'a command before any menu': 'add chain=forward action=accept comment="kolokasi: x"\n',
      'a repeated property': `${menu}add chain=forward chain=input action=accept comment="kolokasi: x"\n`,
      'an unknown escape': `${menu}add chain=forward action=accept comment="kolokasi: \\n"\n`,
      'a control character': `${menu}add chain=forward action=accept comment="kolokasi: \u0007"\n`,
      'remove by anything but find': `${menu}remove 0\n`,
      'a find that selects everything': `${menu}remove [find]\n`,
      'a line split inside a string': `${menu}add chain=forward action=accept comment="kolokasi: x\ny"\n`,
    };
    for (const [what, text] of Object.entries(bad)) {
      expect(parseRouterosScript(text).errors.length, what).toBeGreaterThan(0);
    }
  });

  it('finds untagged entries and removes placed after adds', () => {
    const untagged = '/ip firewall filter\nadd action=drop chain=kolokasi-forward comment="mine"\n';
    expect(check(untagged).problems.join('\n')).toContain('comment not tagged');
    const late = '/ip firewall filter\nadd action=drop chain=kolokasi-forward comment="kolokasi: x"\n/ip firewall filter remove [find where comment~"^kolokasi:"]\n';
    expect(check(late).problems.join('\n')).toContain('remove after add');
    const unplaced = '/ip firewall nat\nadd action=masquerade chain=kolokasi-srcnat comment="kolokasi: x"\nadd action=jump chain=srcnat comment="kolokasi: x" jump-target=kolokasi-srcnat\n';
    expect(check(unplaced).problems.join('\n')).toContain('place-before=0');
    const early = '/ip firewall nat\nadd action=jump chain=srcnat comment="kolokasi: x" jump-target=kolokasi-srcnat place-before=0\nadd action=masquerade chain=kolokasi-srcnat comment="kolokasi: x"\n';
    expect(check(early).problems.join('\n')).toContain('before its chain is filled');
    const wrongFamily = '/ipv6 firewall filter\nadd action=drop chain=kolokasi-forward comment="kolokasi: x" dst-address=10.0.0.1\n';
    expect(check(wrongFamily).problems.join('\n')).toContain('is not an IPv6 address');
  });
});
