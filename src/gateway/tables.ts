// What kolokasi owns in the kernel, and how to put it back: pure text in, text out. The edges
// (src/gateway/system.ts) run `nft` and `iptables-save`/`iptables-restore` with what these return.
//
// nftables: kolokasi owns whole tables, named `kolokasi*`. Its saved state is one script that
// deletes each of them and re-adds the ones that existed before, so loading it is one transaction.
//
// iptables: kolokasi owns the chains named `KOLOKASI*` and its hooks in the other chains (a jump
// into one of its chains, or a rule commented `kolokasi:`). Nothing else is ever written: no policy,
// no other chain, no other rule. A restore is computed against the live tables at the moment it runs,
// so it removes exactly the hooks a load added, whatever form the loaded file had.

// ---------------------------------------------------------------- nftables

export interface NftTable {
  family: string;
  name: string;
}

const NFT_TABLE_LINE = /^table (ip|ip6|inet|arp|bridge|netdev) (kolokasi[A-Za-z0-9_]*) \{/;

/** The kolokasi tables a rendered nft file creates or replaces. */
export function nftTablesOf(fileText: string): NftTable[] {
  const seen = new Map<string, NftTable>();
  for (const line of fileText.split('\n')) {
    const match = NFT_TABLE_LINE.exec(line);
    if (match) seen.set(`${match[1]} ${match[2]}`, { family: match[1]!, name: match[2]! });
  }
  return [...seen.values()];
}

/**
 * The script that brings kolokasi's tables back to a saved state: every table the new file touches
 * (or the saved state had) is deleted, and the saved listings (`nft list table ...` output) re-added.
 * A table declared empty before its deletion makes the delete succeed whether it exists or not.
 */
export function nftRestoreScript(tables: readonly NftTable[], savedListings: readonly string[]): string {
  const lines = ['# kolokasi: the tables as they were before the last load; nft -f applies it as one transaction'];
  for (const { family, name } of tables) lines.push(`table ${family} ${name} {}`, `delete table ${family} ${name}`);
  return `${[...lines, ...savedListings.map((listing) => listing.trimEnd())].join('\n')}\n`;
}

/** Rules and set/map elements in `nft -j list table` output. */
export function nftCountsOf(jsonListings: readonly string[]): { rules: number; elements: number } {
  let rules = 0;
  let elements = 0;
  for (const listing of jsonListings) {
    const objects = (JSON.parse(listing) as { nftables?: Record<string, { elem?: unknown[] }>[] }).nftables ?? [];
    for (const object of objects) {
      if ('rule' in object) rules++;
      const collection = object.set ?? object.map;
      if (collection) elements += collection.elem?.length ?? 0;
    }
  }
  return { rules, elements };
}

// ---------------------------------------------------------------- iptables

export interface IptablesRule {
  chain: string;
  /** Everything after `-A CHAIN `. */
  spec: string;
}

export interface IptablesTable {
  /** Chains in the order listed; kolokasi's are `KOLOKASI*`. */
  chains: string[];
  rules: IptablesRule[];
}

/** Tables by name, from `iptables-save` output (or a saved file of ours, which has the same form). */
export type IptablesState = Map<string, IptablesTable>;

function isKolokasiChain(chain: string): boolean {
  return /^KOLOKASI/i.test(chain);
}

/** A rule kolokasi put into a chain it does not own: a jump into its chains, or a `kolokasi:` comment. */
function isKolokasiHook(rule: IptablesRule): boolean {
  if (isKolokasiChain(rule.chain)) return false;
  return /(^| )-[jg] KOLOKASI\S*( |$)/i.test(rule.spec) || /--comment "?kolokasi:/.test(rule.spec);
}

export function parseIptablesSave(text: string): IptablesState {
  const state: IptablesState = new Map();
  let table: IptablesTable | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line === 'COMMIT') continue;
    if (line.startsWith('*')) {
      table = state.get(line.slice(1)) ?? { chains: [], rules: [] };
      state.set(line.slice(1), table);
    } else if (line.startsWith(':') && table) {
      table.chains.push(line.slice(1).split(' ')[0]!);
    } else if (line.startsWith('-A ') && table) {
      const [, chain, ...rest] = line.split(' ');
      table.rules.push({ chain: chain!, spec: rest.join(' ') });
    }
  }
  return state;
}

/** Only what kolokasi owns: its chains with their rules, and its hooks in the other chains. */
function kolokasiPart(state: IptablesState): IptablesState {
  const part: IptablesState = new Map();
  for (const [name, table] of state) {
    const chains = table.chains.filter(isKolokasiChain);
    const rules = table.rules.filter((rule) => isKolokasiChain(rule.chain) || isKolokasiHook(rule));
    if (chains.length > 0 || rules.length > 0) part.set(name, { chains, rules });
  }
  return part;
}

/**
 * The saved form of kolokasi's part of a running table set, in iptables-save syntax. A hook is
 * written `-I CHAIN N ...`: N counts the rules of that chain up to it, so a restore puts it back in
 * the same place among the other rules.
 */
export function saveKolokasiPart(state: IptablesState): string {
  const lines = ['# kolokasi: its chains and hooks as they were before the last load (nothing else is saved)'];
  for (const [name, table] of kolokasiPart(state)) {
    lines.push(`*${name}`, ...table.chains.map((chain) => `:${chain} - [0:0]`));
    const full = state.get(name)!;
    const positions = new Map<string, number>();
    for (const rule of full.rules) {
      const position = (positions.get(rule.chain) ?? 0) + 1;
      positions.set(rule.chain, position);
      if (isKolokasiHook(rule)) lines.push(`-I ${rule.chain} ${position} ${rule.spec}`);
    }
    for (const rule of table.rules) if (isKolokasiChain(rule.chain)) lines.push(`-A ${rule.chain} ${rule.spec}`);
    lines.push('COMMIT');
  }
  return `${lines.join('\n')}\n`;
}

interface SavedHook extends IptablesRule {
  position: number;
}

function parseSaved(text: string): Map<string, { chains: string[]; hooks: SavedHook[]; rules: IptablesRule[] }> {
  const saved = new Map<string, { chains: string[]; hooks: SavedHook[]; rules: IptablesRule[] }>();
  let table: { chains: string[]; hooks: SavedHook[]; rules: IptablesRule[] } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line === 'COMMIT') continue;
    if (line.startsWith('*')) {
      table = { chains: [], hooks: [], rules: [] };
      saved.set(line.slice(1), table);
    } else if (line.startsWith(':') && table) {
      table.chains.push(line.slice(1).split(' ')[0]!);
    } else if (line.startsWith('-I ') && table) {
      const [, chain, position, ...rest] = line.split(' ');
      table.hooks.push({ chain: chain!, position: Number(position), spec: rest.join(' ') });
    } else if (line.startsWith('-A ') && table) {
      const [, chain, ...rest] = line.split(' ');
      table.rules.push({ chain: chain!, spec: rest.join(' ') });
    }
  }
  return saved;
}

/**
 * The `iptables-restore --noflush` input that turns the live tables' kolokasi part back into the
 * saved one: the live hooks are deleted, kolokasi's chains flushed (and those the saved state did
 * not have removed), the saved rules and hooks put back. One COMMIT per table: all or nothing.
 */
export function iptablesRestoreScript(savedText: string, live: IptablesState): string {
  const saved = parseSaved(savedText);
  const liveOwned = kolokasiPart(live);
  const lines = ['# kolokasi: back to the saved chains and hooks; load with iptables-restore --noflush'];
  for (const name of [...new Set([...saved.keys(), ...liveOwned.keys()])].sort()) {
    const before = saved.get(name) ?? { chains: [], hooks: [], rules: [] };
    const now = live.get(name) ?? { chains: [], rules: [] };
    const nowChains = now.chains.filter(isKolokasiChain);
    lines.push(`*${name}`);
    // Declaring a chain under --noflush creates it, or empties it when it exists.
    for (const chain of before.chains) lines.push(`:${chain} - [0:0]`);
    const extra = nowChains.filter((chain) => !before.chains.includes(chain));
    for (const chain of extra) lines.push(`-F ${chain}`);
    const liveHooks = now.rules.filter(isKolokasiHook);
    for (const hook of liveHooks) lines.push(`-D ${hook.chain} ${hook.spec}`);
    for (const chain of extra) lines.push(`-X ${chain}`);
    for (const rule of before.rules) lines.push(`-A ${rule.chain} ${rule.spec}`);
    // Each hook goes back at its old place, counted among the rules that remain in its chain.
    const remaining = new Map<string, number>();
    for (const rule of now.rules) if (!isKolokasiHook(rule)) remaining.set(rule.chain, (remaining.get(rule.chain) ?? 0) + 1);
    for (const hook of before.hooks) {
      const room = (remaining.get(hook.chain) ?? 0) + 1;
      lines.push(`-I ${hook.chain} ${Math.min(hook.position, room)} ${hook.spec}`);
      remaining.set(hook.chain, room);
    }
    lines.push('COMMIT');
  }
  return `${lines.join('\n')}\n`;
}

/** Rules in kolokasi's own chains, as the manifest counts them (src/render/manifest.ts). */
export function iptablesRuleCount(live: IptablesState): number {
  let rules = 0;
  for (const table of live.values()) rules += table.rules.filter((rule) => isKolokasiChain(rule.chain)).length;
  return rules;
}
