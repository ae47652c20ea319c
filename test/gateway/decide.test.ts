// The agent's pure decisions: what makes a published set differ from main's, the count probes, and
// the status as a NOC reads it, in both languages.
import { describe, expect, it } from 'vitest';
import { buildManifest, firewallCounts } from '../../src/render/manifest.ts';
import { countProbe, formatStatus, manifestMismatches, type GatewayStatus } from '../../src/gateway/decide.ts';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import { devConfig, exampleDesired } from '../firewall/fixtures.ts';

const files = renderFirewall(exampleDesired(), devConfig()).files;
const manifest = (over: Partial<Parameters<typeof buildManifest>[0]> = {}) =>
  buildManifest({ stack: 'dev', clock: new Date('2026-11-20T08:00:00Z'), ledgerPath: 'stacks/dev.allocations.yaml', ledgerText: 'ledger\n', files, ...over });

describe('a published manifest against the recomputation', () => {
  it('agrees whatever the clock and source commit say', () => {
    expect(manifestMismatches(manifest({ sourceCommit: 'b'.repeat(40) }), manifest({ clock: new Date('2026-11-21T00:00:00Z') }))).toEqual([]);
  });

  it('names a changed file, a missing one, an extra one and another ledger', () => {
    const edited = files.map((f) => (f.path === 'firewall/kolokasi.nft' ? { ...f, content: `${f.content}# more\n` } : f));
    const published = manifest({ files: [...edited.filter((f) => f.path !== 'firewall/kolokasi.rsc'), { path: 'firewall/extra.nft', content: '' }], ledgerText: 'other\n' });
    const found = manifestMismatches(published, manifest());
    expect(found).toHaveLength(4);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ledger sha256: published /),
      expect.stringMatching(/^firewall\/kolokasi\.nft: sha256 published /),
      'firewall/extra.nft: published, but not produced by main',
      'firewall/kolokasi.rsc: produced by main, but not published',
    ]));
  });
});

describe('the count probes', () => {
  const nft = manifest().files.find((f) => f.path === 'firewall/kolokasi.nft')!;

  it('counts what the kernel will hold from the rendered text', () => {
    // The example as `nft -j list` reports it once loaded (tables.test.ts loads it into a kernel):
    // the 22 rules of the chains, whatever the number of servers, and 50 set and map elements.
    expect(firewallCounts(files.find((f) => f.path === 'firewall/kolokasi.nft')!)).toEqual({ rules: 22, elements: 50 });
    // iptables: the rules of the KOLOKASI-* chains; the hooks into them are not in the file.
    expect(firewallCounts(files.find((f) => f.path === 'firewall/kolokasi.rules')!)).toEqual({ rules: 59 });
    expect(firewallCounts(files.find((f) => f.path === 'firewall/kolokasi6.rules')!)).toEqual({ rules: 10 });
    expect(firewallCounts(files.find((f) => f.path === 'firewall/kolokasi.rsc')!)).toEqual({});
  });

  it('passes on equal counts and names both sides otherwise', () => {
    expect(countProbe(nft, { rules: 22, elements: 50 }).ok).toBe(true);
    expect(countProbe(nft, { rules: 22, elements: 55 })).toMatchObject({ ok: false, detail: 'expected 22 rules, 50 elements, kernel holds 22 rules, 55 elements' });
  });
});

describe('the status for the NOC', () => {
  const status: GatewayStatus = {
    apiVersion: 'kolokasi/v1', kind: 'GatewayStatus', stack: 'dev', target: 'nftables',
    running: { commit: 'c'.repeat(40), manifestSha256: 'd'.repeat(64), ledgerSha256: 'e'.repeat(64), since: '2026-12-01T06:00:00.000Z', probes: [] },
    lastRun: {
      at: '2026-12-01T06:10:00.000Z', outcome: 'rolled-back', code: 'KLK902',
      message: { en: 'a probe failed after loading ffffffffffff; the previous tables are back', id: 'probe gagal setelah memuat ffffffffffff; tabel sebelumnya sudah kembali' },
      probes: [{ name: 'tcp 10.10.0.5:22', ok: false, detail: 'no answer within 3000 ms', ms: 3001 }, { name: 'counts firewall/kolokasi.nft', ok: true, detail: '22 rules, 50 elements', ms: 0 }],
      rollbackMs: 24,
    },
  };

  it('says what runs and how the last run ended, in English', () => {
    expect(formatStatus(status, 'en')).toBe([
      'kolokasi gateway: stack dev, nftables',
      '',
      'Running now:',
      `  main commit: ${'c'.repeat(40)}`,
      `  manifest sha256: ${'d'.repeat(64)}`,
      '  confirmed at: 2026-12-01T06:00:00.000Z',
      '',
      'Last run (2026-12-01T06:10:00.000Z):',
      '  outcome: rolled back (KLK902)',
      '  a probe failed after loading ffffffffffff; the previous tables are back',
      '  probes:',
      '    FAILED  tcp 10.10.0.5:22: no answer within 3000 ms (3001 ms)',
      '    ok  counts firewall/kolokasi.nft: 22 rules, 50 elements',
      '  rollback took: 24 ms',
      '',
    ].join('\n'));
  });

  it('and in Indonesian, also before anything was confirmed', () => {
    const { running: _none, ...fresh } = status;
    const text = formatStatus(fresh, 'id');
    expect(text).toContain('Yang berjalan sekarang:\n  belum ada yang dikonfirmasi');
    expect(text).toContain('hasil: dikembalikan (rollback) (KLK902)');
    expect(text).toContain('rollback selama: 24 ms');
  });
});
