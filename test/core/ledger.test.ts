import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.ts';
import fc from 'fast-check';
import { emptyLedger, ledgerPath, LEDGER_MODELINE, parseLedger, readCanonicalLedger, readLedgerEntries, readLedgerLine, serializeLedger } from '../../src/core/ledger.ts';
import { parseYaml } from '../../src/core/yaml.ts';
import type { Ledger } from '../../src/core/model.ts';
import { exampleConfig, exampleRequests, NOW } from './example.ts';
import { largeConfig } from './synthetic.ts';

const config = exampleConfig();
const FILE = ledgerPath('dev');
const parse = (text: string, now?: Date) => parseLedger({ file: FILE, text }, { stack: 'dev', config, ...(now ? { now } : {}) });
const codes = (r: { diagnostics: { code: string }[] }) => r.diagnostics.map((d) => d.code);

const ledger: Ledger = {
  ...emptyLedger('dev'),
  allocations: {
    'dkisp/satudata': { publicIpv4: '203.0.113.9', privateIpv4: '10.20.30.9', publicIpv6: '2001:db8:7a::4', allocatedAt: '2026-11-20T08:00:00Z' },
    'bapenda/esppt': { publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.4', allocatedAt: '2026-11-20T08:00:00Z' },
  },
  released: [
    { request: 'dkisp/old', publicIpv4: '203.0.113.10', privateIpv4: '10.20.30.10', allocatedAt: '2026-01-01T00:00:00Z', releasedAt: '2026-11-15T00:00:00Z' },
    { request: 'bapenda/lama', publicIpv4: '203.0.113.11', privateIpv4: '10.20.30.11', allocatedAt: '2026-01-01T00:00:00Z', releasedAt: '2026-11-01T00:00:00Z' },
  ],
};

describe('serializeLedger', () => {
  const text = serializeLedger(ledger);

  it('writes the schema modeline, allocations by request id and releases by release time, one per line', () => {
    expect(text).toBe(
      [
        LEDGER_MODELINE,
        '# Allocation ledger of stack dev, written by `kolokasi apply`. Change it only in a reviewed pull request.',
        '# Buku alokasi stack dev, ditulis oleh `kolokasi apply`. Ubah hanya melalui pull request yang ditinjau.',
        'apiVersion: kolokasi/v1',
        'kind: AllocationLedger',
        'stack: dev',
        'counts: { allocations: 2, released: 2 }',
        'allocations:',
        '  bapenda/esppt: { publicIpv4: "203.0.113.4", privateIpv4: "10.20.30.4", allocatedAt: "2026-11-20T08:00:00Z" }',
        '  dkisp/satudata: { publicIpv4: "203.0.113.9", privateIpv4: "10.20.30.9", publicIpv6: "2001:db8:7a::4", allocatedAt: "2026-11-20T08:00:00Z" }',
        'released:',
        '  - { request: "bapenda/lama", publicIpv4: "203.0.113.11", privateIpv4: "10.20.30.11", allocatedAt: "2026-01-01T00:00:00Z", releasedAt: "2026-11-01T00:00:00Z" }',
        '  - { request: "dkisp/old", publicIpv4: "203.0.113.10", privateIpv4: "10.20.30.10", allocatedAt: "2026-01-01T00:00:00Z", releasedAt: "2026-11-15T00:00:00Z" }',
        '',
      ].join('\n'),
    );
  });

  it('round-trips through parseLedger', () => {
    const parsed = parse(text, NOW);
    expect(parsed.diagnostics).toEqual([]);
    expect(serializeLedger(parsed.ledger!)).toBe(text);
    expect(parsed.ledger!.allocations['dkisp/satudata']).toEqual(ledger.allocations['dkisp/satudata']);
  });

  it('writes an empty ledger that parses', () => {
    const empty = serializeLedger(emptyLedger('dev'));
    expect(empty).toContain('allocations: {}\nreleased: []\n');
    expect(parse(empty).ledger).toEqual(emptyLedger('dev'));
  });

  it('changes one line when one request is added', () => {
    const result = allocate({ config, requests: exampleRequests(), ledger: emptyLedger('dev'), now: NOW });
    const full = serializeLedger(result.ledger).split('\n');
    const { ['dinkes/sik']: _removed, ...rest } = result.ledger.allocations;
    const without = serializeLedger({ ...result.ledger, allocations: rest }).split('\n');
    expect(full.length - without.length).toBe(1);
    // That line, and the counts.
    expect(full.filter((line) => !without.includes(line) && !line.startsWith('counts:'))).toEqual([
      '  dinkes/sik: { subdomain: "sik", publicIpv4: "203.0.113.6", privateIpv4: "10.20.30.6", publicIpv6: "2001:db8:7a::3", allocatedAt: "2026-11-20T08:00:00Z" }',
    ]);
  });
});

describe('parseLedger', () => {
  it('refuses YAML syntax errors and schema violations with positions', () => {
    expect(codes(parse('allocations: [\n'))).toContain('KLK001');
    const wrong = parse('apiVersion: kolokasi/v1\nkind: AllocationLedger\nstack: dev\nallocations:\n  bapenda/esppt: { publicIpv4: "203.0.113", privateIpv4: "10.20.30.4", allocatedAt: "2026-11-20T08:00:00Z" }\nreleased: []\n');
    expect(wrong.ledger).toBeUndefined();
    expect(wrong.diagnostics[0]).toMatchObject({ path: '/allocations/bapenda~1esppt/publicIpv4', line: 5 });
  });

  it('refuses a ledger of another stack (KLK301)', () => {
    const result = parse(serializeLedger({ ...emptyLedger('prod') }));
    expect(codes(result)).toEqual(['KLK301']);
    expect(result.diagnostics[0]!.line).toBe(6);
  });

  it('refuses one address held twice, pointing at the second holder (KLK302)', () => {
    const text = serializeLedger({
      ...ledger,
      allocations: { ...ledger.allocations, 'dinkes/sik': { publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.6', allocatedAt: '2026-11-20T08:00:00Z' } },
    });
    const result = parse(text, NOW);
    expect(result.ledger).toBeUndefined();
    expect(codes(result)).toEqual(['KLK302']);
    expect(result.diagnostics[0]!.path).toBe('/allocations/dinkes~1sik/publicIpv4');
    expect(result.diagnostics[0]!.line).toBe(10);
    expect(result.diagnostics[0]!.message.id).toContain('dipegang 2 kali');
  });

  it('refuses an allocation holding a quarantined address, but not once the quarantine is over', () => {
    const text = serializeLedger({
      ...ledger,
      allocations: { ...ledger.allocations, 'dinkes/sik': { publicIpv4: '203.0.113.11', privateIpv4: '10.20.30.6', allocatedAt: '2026-11-20T08:00:00Z' } },
    });
    expect(codes(parse(text, NOW))).toEqual(['KLK302']);
    expect(codes(parse(text, new Date('2026-12-01T00:00:00Z')))).toEqual([]);
  });

  it('refuses addresses outside their pools (KLK303) and never-handed-out addresses (KLK304)', () => {
    const outside = serializeLedger({ ...emptyLedger('dev'), allocations: { 'a/b': { publicIpv4: '10.20.30.40', privateIpv4: '10.20.30.41', allocatedAt: '2026-11-20T08:00:00Z' } } });
    expect(codes(parse(outside))).toEqual(['KLK303']);
    const gateway = serializeLedger({ ...emptyLedger('dev'), allocations: { 'a/b': { publicIpv4: '203.0.113.1', privateIpv4: '10.20.30.41', allocatedAt: '2026-11-20T08:00:00Z' } } });
    const result = parse(gateway);
    expect(codes(result)).toEqual(['KLK304']);
    expect(result.diagnostics[0]!.message.en).toBe('a/b: public IPv4 203.0.113.1 is the gateway of pool publik-a and cannot be allocated');
  });

  it('warns (KLK305) when the stack reserved an address after it was allocated, and keeps the ledger', () => {
    const reserved = serializeLedger({ ...emptyLedger('dev'), allocations: { 'a/b': { publicIpv4: '203.0.113.2', privateIpv4: '10.20.30.41', allocatedAt: '2026-11-20T08:00:00Z' } } });
    const result = parse(reserved);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['KLK305', 'warning']]);
    expect(result.ledger).toBeDefined();
  });

  it('refuses a release dated before its allocation (KLK306)', () => {
    const text = serializeLedger({ ...emptyLedger('dev'), released: [{ ...ledger.released[0]!, releasedAt: '2025-01-01T00:00:00Z' }] });
    expect(codes(parse(text))).toEqual(['KLK306']);
  });

  it('reads hand-written IPv6 in canonical form', () => {
    const text = serializeLedger(ledger).replace('2001:db8:7a::4', '2001:db8:7a:0:0::4');
    const result = parse(text, NOW);
    expect(result.diagnostics).toEqual([]);
    expect(result.ledger!.allocations['dkisp/satudata']!.publicIpv6).toBe('2001:db8:7a::4');
  });
});

describe('a cut-off ledger', () => {
  const text = serializeLedger(ledger);
  const lines = text.split('\n');

  it('is refused when cut at a line boundary inside released:, naming the file and how to restore it', () => {
    const cut = `${lines.slice(0, lines.indexOf('released:') + 2).join('\n')}\n`;
    // Valid YAML and a valid ledger by its schema: only the counts tell.
    expect(parseYaml({ file: FILE, text: cut }).ok).toBe(true);
    const result = parse(cut, NOW);
    expect(result.ledger).toBeUndefined();
    expect(codes(result)).toEqual(['KLK308']);
    expect(result.diagnostics[0]).toMatchObject({ file: FILE, line: 7, path: '/counts' });
    expect(result.diagnostics[0]!.message.en).toContain(`${FILE} is incomplete: it says it holds 2 allocation(s) and 2 release(s), but 2 and 1 are there`);
    expect(result.diagnostics[0]!.hint.en).toContain(`git checkout <commit> -- ${FILE}`);
  });

  it('is refused when cut right after released: or before it', () => {
    expect(codes(parse(`${lines.slice(0, lines.indexOf('released:') + 1).join('\n')}\n`, NOW))).toEqual(['KLK308']);
    expect(codes(parse(`${lines.slice(0, lines.indexOf('released:')).join('\n')}\n`, NOW))).toEqual(['KLK308']);
  });

  it('is refused on the YAML path too (a hand edit in another style)', () => {
    const restyled = `${lines.slice(0, lines.indexOf('released:') + 2).join('\n')}  # cut here\n`;
    expect(readCanonicalLedger(restyled)).toBeUndefined();
    expect(codes(parse(restyled, NOW))).toEqual(['KLK308']);
  });

  it('reads a ledger written before counts existed, and writes it with them', () => {
    const legacy = `${lines.filter((line) => !line.startsWith('counts:')).join('\n')}`;
    const result = parse(legacy, NOW);
    expect(result.diagnostics).toEqual([]);
    expect(serializeLedger(result.ledger!)).toBe(text);
  });
});

describe('parseLedger on unusual YAML', () => {
  it('reports a request id written twice (a bad merge) as a duplicate key', () => {
    const text = serializeLedger(ledger).replace('allocations:\n', 'allocations:\n  dkisp/satudata: { publicIpv4: "203.0.113.12", privateIpv4: "10.20.30.12", allocatedAt: "2026-11-20T08:00:00Z" }\n');
    const result = parse(text, NOW);
    expect(result.ledger).toBeUndefined();
    expect(codes(result)).toEqual(['KLK002']);
  });

  it('refuses custom tags and several documents', () => {
    expect(codes(parse(`${serializeLedger(ledger)}---\n${serializeLedger(ledger)}`))).toEqual(['KLK007']);
    expect(codes(parse(serializeLedger(ledger).replace('stack: dev', 'stack: !secret dev')))).toEqual(['KLK010']);
  });

  // How fast is measured by `npm run bench` (plan and apply at 10,000 requests read such a ledger).
  it('reads 10,000 allocations', () => {
    const allocations: Ledger['allocations'] = {};
    for (let i = 0; i < 10_000; i++) {
      const n = i + 16;
      allocations[`opd${i % 20}/app${i}`] = { publicIpv4: `100.64.${n >> 8}.${n & 255}`, privateIpv4: `10.20.${n >> 8}.${n & 255}`, allocatedAt: '2026-11-20T08:00:00Z' };
    }
    const big = largeConfig();
    const text = serializeLedger({ ...emptyLedger('dev'), allocations });
    const result = parseLedger({ file: FILE, text }, { stack: 'dev', config: big });
    expect(result.diagnostics).toEqual([]);
    expect(Object.keys(result.ledger!.allocations)).toHaveLength(10_000);
    expect(serializeLedger(result.ledger!)).toBe(text);
  });
});

describe('readCanonicalLedger', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
  const v4 = fc.ipV4();
  const time = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  const allocation = fc.record({ publicIpv4: v4, privateIpv4: v4, publicIpv6: fc.option(fc.ipV6(), { nil: undefined }), allocatedAt: time });
  const someLedger = fc.record({
    stack: fc.constantFrom('dev', 'prod', 'true', 'null', 'x1'),
    allocations: fc.dictionary(fc.tuple(label, label).map(([a, b]) => `${a}/${b}`), allocation, { maxKeys: 20 }),
    released: fc.array(fc.record({ request: fc.tuple(label, label).map(([a, b]) => `${a}/${b}`), publicIpv4: v4, privateIpv4: v4, publicIpv6: fc.option(fc.ipV6(), { nil: undefined }), allocatedAt: time, releasedAt: time }), { maxLength: 5 }),
  }).map((l) => {
    const clean = <T extends { publicIpv6?: string }>(entry: T): T => {
      const { publicIpv6, ...rest } = entry;
      return (publicIpv6 === undefined ? rest : { ...rest, publicIpv6 }) as T;
    };
    return {
      apiVersion: 'kolokasi/v1' as const,
      kind: 'AllocationLedger' as const,
      stack: l.stack,
      allocations: Object.fromEntries(Object.entries(l.allocations).map(([k, v]) => [k, clean(v)])),
      released: l.released.map(clean),
    };
  });

  it('reads what serializeLedger writes exactly as a YAML parser does', () => {
    fc.assert(
      fc.property(someLedger, (l) => {
        const text = serializeLedger(l);
        const fast = readCanonicalLedger(text);
        expect(fast).toBeDefined();
        expect(fast).toEqual(parseYamlText(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads every entry line serializeLedger writes back to its entry (readLedgerLine), as the whole-file readers do', () => {
    fc.assert(
      fc.property(someLedger, (l) => {
        const text = serializeLedger(l);
        const whole = parseYamlText(text) as { allocations: Record<string, Record<string, string>>; released: Record<string, string>[] };
        const lines = text.split('\n').flatMap((line) => readLedgerLine(line) ?? []);
        expect(lines.filter((line) => line.kind === 'allocation').map((line) => line.kind === 'allocation' && [line.request, line.fields])).toEqual(Object.entries(whole.allocations));
        expect(lines.filter((line) => line.kind === 'release').map((line) => line.fields)).toEqual(whole.released);
        const entries = readLedgerEntries(text)!;
        expect(Object.fromEntries(entries.allocations)).toEqual(whole.allocations);
        expect(entries.released).toEqual(whole.released);
      }),
      { numRuns: 200 },
    );
  });

  it('reads an entry line in another flow style through YAML, and no other line', () => {
    expect(readLedgerLine("  dinkes/sik: { publicIpv4: '203.0.113.4', privateIpv4: 10.20.30.4, allocatedAt: '2026-11-20T08:00:00Z' }  ")).toEqual({
      kind: 'allocation', request: 'dinkes/sik', fields: { publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.4', allocatedAt: '2026-11-20T08:00:00Z' },
    });
    expect(readLedgerLine("  - { request: dinkes/sik, publicIpv4: '203.0.113.4', releasedAt: 2026-11-21T08:00:00Z }")).toMatchObject({ kind: 'release', fields: { request: 'dinkes/sik', publicIpv4: '203.0.113.4' } });
    for (const line of ['apiVersion: kolokasi/v1', 'allocations:', 'counts: { allocations: 1, released: 0 }', '  dinkes/sik: { publicIpv4: [', '  - { a: 1 } extra', '']) {
      expect(readLedgerLine(line)).toBeUndefined();
    }
  });

  it('reads entries leniently from a partial or older ledger, and nothing from text that is not YAML', () => {
    const entries = readLedgerEntries('allocations:\n  dinkes/sik: { publicIpv4: 203.0.113.4 }\n  bad: 1\nreleased:\n  - { request: a/b }\n  - 7\n')!;
    expect([...entries.allocations]).toEqual([['dinkes/sik', { publicIpv4: '203.0.113.4' }]]);
    expect(entries.released).toEqual([{ request: 'a/b' }]);
    expect(readLedgerEntries('allocations: [\n')).toBeUndefined();
    expect(readLedgerEntries('just text')).toBeUndefined();
  });

  it('leaves anything else to the YAML parser', () => {
    const text = serializeLedger(ledger);
    for (const variant of [
      text.replace('stack: dev', 'stack: true'),
      text.replace('"203.0.113.4",', '"203.0.113.4" ,'),
      text.replace('allocatedAt: "2026-11-20T08:00:00Z" }', 'allocatedAt: "2026-11-20T08:00:00Z" } # note'),
      text.replace('"10.20.30.4"', '"10.20.30.\\x34"'),
      text.replace('"10.20.30.4"', '10.20.30.4'),
      `${text}extra: 1\n`,
      text.replace('allocations:\n', 'allocations:\n  dkisp/satudata: { publicIpv4: "203.0.113.12", privateIpv4: "10.20.30.12", allocatedAt: "2026-11-20T08:00:00Z" }\n'),
    ]) {
      expect(readCanonicalLedger(variant)).toBeUndefined();
    }
    expect(readCanonicalLedger(text)).toEqual(parseYamlText(text));
  });
});

function parseYamlText(text: string): unknown {
  const parsed = parseYaml({ file: FILE, text });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.value;
}
