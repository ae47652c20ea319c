// The RouterOS scripts run against a model of a router's entry lists, command by command as the
// parser reads them: the NAT jumps land before a factory configuration's masquerade, the
// commit-confirmed script rolls back to exactly the previous entries unless confirmed, a confirmed
// change is cleaned up by the next one, and the NOC's own entries are never touched.
import { describe, expect, it } from 'vitest';
import { CONFIRM_COMMAND, ROLLBACK_SCHEDULER, ROUTEROS_CONFIRMED_FILE, ROUTEROS_FILE } from '../../src/render/firewall/routeros.ts';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import type { DesiredState } from '../../src/core/model.ts';
import { devConfig, exampleDesired, without } from './fixtures.ts';
import { parseInlineScript, parseRouterosScript, type Command } from './routeros-parser.ts';

interface Entry {
  menu: string;
  args: Record<string, string>;
  disabled: boolean;
}

/** What RouterOS does with the commands kolokasi emits; an error stops the import there, as /import does. */
class Router {
  entries: Entry[] = [];
  readonly scheduler = new Map<string, string>();

  import(text: string): void {
    const { commands, errors } = parseRouterosScript(text);
    if (errors.length > 0) throw new Error(errors.join('\n'));
    this.run(commands);
  }

  /** The scheduler's time has come: it runs its on-event script. */
  fire(name: string): void {
    const script = this.scheduler.get(name);
    if (script === undefined) throw new Error(`no scheduler entry ${name}`);
    const { commands, errors } = parseInlineScript(script);
    if (errors.length > 0) throw new Error(errors.join('\n'));
    this.run(commands);
  }

  run(commands: Command[]): void {
    for (const c of commands) this.apply(c);
  }

  private apply(c: Command): void {
    if (c.menu === '/system scheduler') {
      if (c.verb === 'add') {
        if (this.scheduler.has(c.args.name!)) throw new Error(`failure: already have such name ${c.args.name}`);
        this.scheduler.set(c.args.name!, c.args['on-event']!);
      } else if (c.verb === 'remove') {
        for (const name of [...this.scheduler.keys()]) if (this.matches(c, { menu: c.menu, args: { name }, disabled: false })) this.scheduler.delete(name);
      } else throw new Error(`unexpected ${c.verb} in ${c.menu}`);
      return;
    }
    if (c.verb === 'add') {
      const { 'place-before': place, ...args } = c.args;
      const entry: Entry = { menu: c.menu, args, disabled: false };
      if (place === undefined) this.entries.push(entry);
      else {
        const first = this.entries.findIndex((e) => e.menu === c.menu);
        if (place !== '0' || first < 0) throw new Error(`no such item (${place})`);
        this.entries.splice(first, 0, entry);
      }
      return;
    }
    const selected = this.entries.filter((e) => e.menu === c.menu && this.matches(c, e));
    if (c.verb === 'remove') this.entries = this.entries.filter((e) => !selected.includes(e));
    else for (const e of selected) e.disabled = c.verb === 'disable';
  }

  private matches(c: Command, e: Entry): boolean {
    return (c.find?.conditions ?? []).every((cond) => {
      const value = cond.key === 'disabled' ? (e.disabled ? 'yes' : 'no') : (e.args[cond.key] ?? '');
      return cond.operator === '~' ? new RegExp(cond.value).test(value) : value === cond.value;
    });
  }

  snapshot(): string {
    return JSON.stringify({ entries: this.entries, scheduler: [...this.scheduler] }, null, 1);
  }

  /** The enabled entries of one chain, in order, as `action comment`. */
  chain(menu: string, chain: string): string[] {
    return this.entries.filter((e) => e.menu === menu && e.args.chain === chain && !e.disabled).map((e) => `${e.args.action} ${e.args.comment}`);
  }

  /** The enabled entries, menu by menu (each menu is its own list), in order. */
  active(): string[] {
    const menus = [...new Set(this.entries.map((e) => e.menu))].sort();
    return menus.flatMap((menu) => this.entries.filter((e) => e.menu === menu && !e.disabled).map((e) => `${e.menu} ${JSON.stringify(e.args)}`));
  }
}

/** A factory-configured MikroTik (defconf), as far as the firewall goes. */
function factoryRouter(): Router {
  const router = new Router();
  router.import(
    [
      '/ip firewall filter',
      'add action=accept chain=input comment="defconf: accept established,related,untracked" connection-state=established,related',
      'add action=accept chain=input comment="defconf: accept ICMP" protocol=icmp',
      'add action=accept chain=forward comment="defconf: accept established,related, untracked" connection-state=established,related',
      '/ip firewall nat',
      'add action=masquerade chain=srcnat comment="defconf: masquerade" out-interface=ether1',
      '',
    ].join('\n'),
  );
  return router;
}

function script(state: DesiredState, path: string): string {
  const { files, diagnostics } = renderFirewall(state, devConfig());
  expect(diagnostics).toEqual([]);
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content;
}

const confirm = (router: Router) => router.run(parseInlineScript(CONFIRM_COMMAND).commands);
const noc = (router: Router) => router.entries.filter((e) => e.args.comment?.startsWith('defconf:'));

describe('RouterOS scripts on a factory-configured router', () => {
  const before = exampleDesired();
  const after = without(before, 'bkpsdm/simpeg');

  it('puts the jumps before the defconf masquerade and accepts, and reimports to the same entries', () => {
    const router = factoryRouter();
    router.import(script(before, ROUTEROS_FILE));
    expect(router.chain('/ip firewall nat', 'srcnat')).toEqual(['jump kolokasi: servers leave with their public address', 'masquerade defconf: masquerade']);
    expect(router.chain('/ip firewall filter', 'input')[0]).toBe('jump kolokasi: public pool addresses are not for the router');
    expect(router.chain('/ip firewall filter', 'forward').slice(-1)).toEqual(['accept defconf: accept established,related, untracked']);
    const once = router.snapshot();
    router.import(script(before, ROUTEROS_FILE));
    expect(router.snapshot()).toBe(once);
    expect(noc(router)).toEqual(noc(factoryRouter()));
  });

  it('rolls an unconfirmed change back to exactly the previous entries', () => {
    const router = factoryRouter();
    router.import(script(before, ROUTEROS_FILE));
    const previous = router.snapshot();
    router.import(script(after, ROUTEROS_CONFIRMED_FILE));
    const expected = factoryRouter();
    expected.import(script(after, ROUTEROS_FILE));
    expect(router.active()).toEqual(expected.active());
    expect([...router.scheduler.keys()]).toEqual([ROLLBACK_SCHEDULER]);
    router.fire(ROLLBACK_SCHEDULER);
    expect(router.snapshot()).toBe(previous);
  });

  it('keeps a confirmed change, and the next change drops what the confirmed one kept switched off', () => {
    const router = factoryRouter();
    router.import(script(before, ROUTEROS_FILE));
    router.import(script(after, ROUTEROS_CONFIRMED_FILE));
    confirm(router);
    expect(router.scheduler.size).toBe(0);
    const confirmed = router.active();
    router.import(script(before, ROUTEROS_CONFIRMED_FILE));
    // Only the entries of the confirmed change are kept for this rollback, not the older ones.
    const kept = router.entries.filter((e) => e.disabled).map((e) => `${e.menu} ${JSON.stringify(e.args)}`);
    expect(kept.sort()).toEqual(confirmed.filter((line) => !line.includes('defconf:')).sort());
    router.fire(ROLLBACK_SCHEDULER);
    expect(router.active()).toEqual(confirmed);
    expect(noc(router)).toEqual(noc(factoryRouter()));
  });

  it('refuses a second change while one waits for its confirmation, before touching anything', () => {
    const router = factoryRouter();
    router.import(script(before, ROUTEROS_FILE));
    router.import(script(after, ROUTEROS_CONFIRMED_FILE));
    const pending = router.snapshot();
    expect(() => router.import(script(before, ROUTEROS_CONFIRMED_FILE))).toThrow(/already have such name/);
    expect(router.snapshot()).toBe(pending);
  });
});
