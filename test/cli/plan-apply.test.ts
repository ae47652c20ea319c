import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import planSchema from '../../schemas/plan.schema.json' with { type: 'json' };
import { makeValidator } from '../../src/core/schema.ts';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { requestText } from '../core/synthetic.ts';

const NOW = ['--now', '2026-11-20T08:00:00Z'];
const LATER = ['--now', '2026-12-01T00:00:00Z'];
const LEDGER = 'stacks/dev.allocations.yaml';

let repo: string;
const cli = (...args: string[]) => runCli([...args, '--repo', repo], { cwd: repo });
const read = (file: string) => readFile(path.join(repo, file), 'utf8');
const exists = async (file: string) => stat(path.join(repo, file)).then(() => true, () => false);

beforeEach(async () => {
  repo = await exampleRepo();
});

afterEach(async () => {
  await removeRepo(repo);
});

describe('kolokasi plan', () => {
  it('plans the example repository without writing anything', async () => {
    const result = await cli('plan', ...NOW);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('+ allocation bapenda/esppt: public 203.0.113.4, private 10.20.30.4');
    expect(result.stdout).toContain('Summary: allocations 7 new, 0 kept, 0 released; 24 to create, 0 to update, 0 to delete.');
    expect(await exists(LEDGER)).toBe(false);
    expect(await exists('build')).toBe(false);
  });

  it('prints JSON that follows schemas/plan.schema.json', async () => {
    const result = await cli('plan', '--format', 'json', ...NOW);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(makeValidator(planSchema)(document, { file: 'plan.json', text: result.stdout })).toEqual([]);
    expect(document.summary.allocations).toEqual({ kept: 0, new: 7, released: 0, moved: 0, total: 7 });
    expect(document.allocations[0]).toEqual({
      request: 'bapenda/esppt',
      fqdn: 'esppt.dev.tarakankota.go.id',
      publicIpv4: '203.0.113.4',
      privateIpv4: '10.20.30.4',
      state: 'new',
      allocatedAt: '2026-11-20T08:00:00Z',
    });
  });

  it('prints a Markdown comment in Indonesian', async () => {
    const result = await cli('plan', '--format', 'markdown', '--lang', 'id', ...NOW);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('<!-- kolokasi-plan:dev -->');
    expect(result.stdout).toContain('| alokasi | 7 | 0 | 0 |');
  });

  it('refuses a --now that is not a time (usage, exit 2)', async () => {
    const result = await cli('plan', '--now', 'yesterday');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--now 'yesterday' is not an ISO-8601 time");
  });

  it('stops on a ledger that holds one address twice', async () => {
    await writeFile(path.join(repo, LEDGER), [
      'apiVersion: kolokasi/v1',
      'kind: AllocationLedger',
      'stack: dev',
      'allocations:',
      '  bapenda/esppt: { subdomain: "esppt", publicIpv4: "203.0.113.4", privateIpv4: "10.20.30.4", allocatedAt: "2026-11-20T08:00:00Z" }',
      '  dkisp/satudata: { publicIpv4: "203.0.113.4", privateIpv4: "10.20.30.9", allocatedAt: "2026-11-20T08:00:00Z" }',
      'released: []',
      '',
    ].join('\n'));
    const before = await read(LEDGER);
    for (const command of ['plan', 'apply']) {
      const result = await cli(command, ...NOW);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('stacks/dev.allocations.yaml:6:');
      expect(result.stderr).toContain('KLK302');
    }
    expect(await read(LEDGER)).toBe(before);
  });
});

describe('a renamed or moved request', () => {
  /** The request file moved to `<opd>/<name>`, its metadata following: what `git mv` plus the edit give. */
  async function moveEsppt(opd: string, name: string): Promise<void> {
    const text = (await read('requests/bapenda/esppt.yaml')).replace('name: esppt', `name: ${name}`).replace('opd: bapenda', `opd: ${opd}`);
    await rm(path.join(repo, 'requests/bapenda/esppt.yaml'));
    await mkdir(path.join(repo, 'requests', opd), { recursive: true });
    await writeFile(path.join(repo, `requests/${opd}/${name}.yaml`), text);
  }
  const outputs = async () => {
    const manifest = (JSON.parse(await read('build/dev/current/manifest.json')) as { files: { path: string }[] }).files.map((f) => f.path);
    return Object.fromEntries(await Promise.all(manifest.map(async (f) => [f, await read(`build/dev/current/${f}`)] as const)));
  };

  it('keeps its addresses: the plan shows a move, the ledger re-keys it, DNS and firewall differ only in the request id', async () => {
    await cli('apply', ...NOW);
    const before = await outputs();
    await moveEsppt('bapenda', 'esppt-pbb');

    const plan = await cli('plan', ...LATER);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ allocation bapenda/esppt → bapenda/esppt-pbb, addresses kept: public 203.0.113.4, private 10.20.30.4\n');
    expect(plan.stdout).not.toMatch(/^ {2}[-+~] (dns|firewall) /m);
    expect(plan.stdout).toContain('Summary: allocations 0 new, 7 kept (1 moved), 0 released; 0 to create, 1 to update, 0 to delete.');
    expect(plan.stdout).not.toContain('KLK410');

    const json = await cli('plan', '--format', 'json', ...LATER);
    const document = JSON.parse(json.stdout);
    expect(makeValidator(planSchema)(document, { file: 'plan.json', text: json.stdout })).toEqual([]);
    expect(document.changes).toEqual([{ kind: 'allocation', action: 'update', key: 'bapenda/esppt-pbb', request: 'bapenda/esppt-pbb', movedFrom: 'bapenda/esppt', before: { publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.4' }, after: { publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.4' } }]);
    expect(document.allocations[0]).toMatchObject({ request: 'bapenda/esppt-pbb', state: 'kept', movedFrom: 'bapenda/esppt', publicIpv4: '203.0.113.4' });
    expect((await cli('plan', '--format', 'markdown', ...LATER)).stdout).toContain('| bapenda/esppt-pbb | esppt.dev.tarakankota.go.id | 203.0.113.4 | 10.20.30.4 |  | kept (from bapenda/esppt) |');

    expect((await cli('apply', ...LATER)).code).toBe(0);
    const ledger = await read(LEDGER);
    expect(ledger).toContain('  bapenda/esppt-pbb: { subdomain: "esppt", publicIpv4: "203.0.113.4", privateIpv4: "10.20.30.4", allocatedAt: "2026-11-20T08:00:00Z", movedFrom: "bapenda/esppt" }\n');
    expect(ledger).not.toContain('bapenda/esppt:');
    expect(ledger).toContain('released: []');
    // Same rules and records: only the request id in names and comments changed.
    const after = await outputs();
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const [file, text] of Object.entries(after)) expect(text.replaceAll('bapenda/esppt-pbb', 'bapenda/esppt'), file).toBe(before[file]);
    expect((await cli('plan', ...LATER)).stdout).toContain('No changes');
  });

  it('keeps its addresses when it moves to another OPD, flagged for both OPDs', async () => {
    await cli('apply', ...NOW);
    await moveEsppt('dinkes', 'esppt');
    const plan = await cli('plan', ...LATER);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ allocation bapenda/esppt → dinkes/esppt, addresses kept: public 203.0.113.4, private 10.20.30.4; from OPD bapenda to OPD dinkes: the reviewers of both OPDs approve');
    expect(plan.stdout).toMatch(/requests\/dinkes\/esppt\.yaml:\d+:\d+: warning KLK410: bapenda\/esppt moves to dinkes\/esppt: .* from OPD bapenda to OPD dinkes/);
  });
});

describe('a live server giving up IPv6', () => {
  it('releases the IPv6 address alone into quarantine and keeps the IPv4, through plan and apply', async () => {
    await cli('apply', ...NOW);
    const file = path.join(repo, 'requests/dinkes/sik.yaml');
    await writeFile(file, (await read('requests/dinkes/sik.yaml')).replace('ipv6: true', 'ipv6: false'));
    const plan = await cli('plan', ...LATER);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ allocation dinkes/sik: public IPv6 2001:db8:7a::3 -> (none)');
    expect(plan.stdout).toContain('- dns        dinkes/sik/AAAA: sik.dev.tarakankota.go.id AAAA 2001:db8:7a::3');
    expect(plan.stdout).toContain('0 new, 7 kept, 0 released; 0 to create, 2 to update, 1 to delete.');

    expect((await cli('apply', ...LATER)).code).toBe(0);
    const ledger = await read(LEDGER);
    expect(ledger).toContain('  dinkes/sik: { subdomain: "sik", publicIpv4: "203.0.113.6", privateIpv4: "10.20.30.6", allocatedAt: "2026-11-20T08:00:00Z" }');
    expect(ledger).toContain('  - { request: "dinkes/sik", subdomain: "sik", publicIpv6: "2001:db8:7a::3", allocatedAt: "2026-11-20T08:00:00Z", releasedAt: "2026-12-01T00:00:00Z" }');

    // When the quarantine ends, the plan says so, and its JSON still follows the schema.
    const ended = await cli('plan', '--format', 'json', '--now', '2027-01-01T00:00:00Z');
    const document = JSON.parse(ended.stdout);
    expect(makeValidator(planSchema)(document, { file: 'plan.json', text: ended.stdout })).toEqual([]);
    expect(document.quarantineEnded).toEqual([{ request: 'dinkes/sik', subdomain: 'sik', publicIpv6: '2001:db8:7a::3', allocatedAt: '2026-11-20T08:00:00Z', releasedAt: '2026-12-01T00:00:00Z' }]);
    expect((await cli('plan', '--now', '2027-01-01T00:00:00Z')).stdout).toContain('  · dinkes/sik: ipv6 2001:db8:7a::3 (released 2026-12-01T00:00:00Z)');
  });
});

describe('a cut-off ledger', () => {
  it('fails validate, plan and apply alike, naming the file and how to restore it', async () => {
    for (const name of ['lama', 'tua']) await writeFile(path.join(repo, `requests/dinkes/${name}.yaml`), requestText(`dinkes/${name}`));
    await cli('apply', ...NOW);
    for (const name of ['lama', 'tua']) await rm(path.join(repo, `requests/dinkes/${name}.yaml`));
    await cli('apply', ...NOW);
    const whole = await read(LEDGER);
    expect(whole).toMatch(/released:\n {2}- \{ request: "dinkes\/lama".*\n {2}- \{ request: "dinkes\/tua".*\n$/);
    // Cut at a line boundary inside released:, after the first release.
    await writeFile(path.join(repo, LEDGER), whole.slice(0, whole.lastIndexOf('  - {')));
    for (const command of ['validate', 'plan', 'apply']) {
      const result = await cli(command, ...(command === 'validate' ? [] : LATER));
      expect(result.code, command).toBe(1);
      const output = result.stdout + result.stderr;
      expect(output, command).toContain('KLK308');
      expect(output, command).toContain(`${LEDGER} is incomplete`);
      expect(output, command).toContain(`git checkout <commit> -- ${LEDGER}`);
    }
  });

  it('fails validate when the ledger contradicts itself, as plan does', async () => {
    await cli('apply', ...NOW);
    const ledger = await read(LEDGER);
    await writeFile(path.join(repo, LEDGER), ledger.replace('"203.0.113.5"', '"203.0.113.4"'));
    const result = await cli('validate');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('KLK302');
  });
});

describe('kolokasi apply', () => {
  it('writes the ledger and the outputs, and changes nothing when run again', async () => {
    const first = await cli('apply', ...NOW);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('ledger written: stacks/dev.allocations.yaml');
    const ledger = await read(LEDGER);
    expect(ledger).toContain('  bapenda/esppt: { subdomain: "esppt", publicIpv4: "203.0.113.4", privateIpv4: "10.20.30.4", allocatedAt: "2026-11-20T08:00:00Z" }');
    const manifest = (JSON.parse(await read('build/dev/current/manifest.json')) as { files: { path: string }[] }).files.map((f) => f.path);
    expect(manifest.length).toBeGreaterThan(0);
    const outputs = await Promise.all(manifest.map((f) => read(`build/dev/current/${f}`)));
    const mtime = (await stat(path.join(repo, LEDGER))).mtimeMs;

    const second = await cli('apply', ...LATER);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes');
    expect(second.stdout).toContain('ledger unchanged');
    expect(second.stdout).toContain(`${manifest.length} files, 0 changed, 0 dropped`);
    expect(await read(LEDGER)).toBe(ledger);
    expect((await stat(path.join(repo, LEDGER))).mtimeMs).toBe(mtime);
    expect(await Promise.all(manifest.map((f) => read(`build/dev/current/${f}`)))).toEqual(outputs);

    const plan = await cli('plan', ...LATER);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
  });

  it('says what it changed when an edit changes no address: firewall rules for a port, DNS records for a name', async () => {
    await cli('apply', ...NOW);
    const file = path.join(repo, 'requests/dkisp/satudata.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('port: 443', 'port: 8443'));
    const port = await cli('apply', ...LATER);
    expect(port.code).toBe(0);
    expect(port.stdout).not.toContain('No changes');
    expect(port.stdout).toContain('No address changes; applied: firewall rules.');
    expect(port.stdout).toMatch(/outputs in build\/dev\/current: \d+ files, [1-9]\d* changed, 0 dropped \(firewall\//);

    await writeFile(file, (await readFile(file, 'utf8')).replace('subdomain: satudata', 'subdomain: data'));
    const name = await cli('apply', ...LATER);
    expect(name.stdout).not.toContain('No changes');
    expect(name.stdout).toContain('DNS records');
    expect(name.stdout).toContain('dns/dev.tarakankota.go.id.zone');
  });

  it('releases a deleted request into quarantine', async () => {
    await cli('apply', ...NOW);
    await rm(path.join(repo, 'requests/dkisp/monitoring.yaml'));
    const result = await cli('apply', ...LATER);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('- allocation dkisp/monitoring: public 203.0.113.8, private 10.20.30.8 (quarantine until 2026-12-31T00:00:00Z)');
    expect(await read(LEDGER)).toContain('  - { request: "dkisp/monitoring", subdomain: "monitoring", publicIpv4: "203.0.113.8", privateIpv4: "10.20.30.8", allocatedAt: "2026-11-20T08:00:00Z", releasedAt: "2026-12-01T00:00:00Z" }');
  });

  it('refuses an unsafe plan without --force, leaving the ledger byte for byte, and applies it with --force', async () => {
    await cli('apply', ...NOW);
    const ledger = await read(LEDGER);
    for (const file of ['bkpsdm/simpeg', 'dinkes/sik', 'disdukcapil/sipadu', 'dkisp/monitoring']) await rm(path.join(repo, `requests/${file}.yaml`));

    const refused = await cli('apply', ...LATER);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Unsafe plan: refused without --force');
    expect(refused.stderr).toContain('KLK501: 4 of 7 allocations would be released');
    expect(refused.stderr).toContain('nothing applied; stacks/dev.allocations.yaml is unchanged');
    expect(await read(LEDGER)).toBe(ledger);
    expect((await cli('plan', ...LATER)).code).toBe(1);
    expect((await cli('plan', '--force', ...LATER)).code).toBe(0);

    const forced = await cli('apply', '--force', ...LATER);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Unsafe plan, passed with --force');
    expect(await read(LEDGER)).toContain('released:\n  - { request: "bkpsdm/simpeg"');
  });

  it('refuses when a request is invalid, instead of releasing its addresses', async () => {
    await cli('apply', ...NOW);
    const ledger = await read(LEDGER);
    await writeFile(path.join(repo, 'requests/dkisp/satudata.yaml'), 'apiVersion: kolokasi/v1\nkind: ColocationRequest\nmetadata: [\n');
    const result = await cli('apply', ...LATER);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('requests/dkisp/satudata.yaml');
    expect(await read(LEDGER)).toBe(ledger);
  });

  it('refuses a pin on a quarantined address, naming the request', async () => {
    await cli('apply', ...NOW);
    await rm(path.join(repo, 'requests/dkisp/monitoring.yaml'));
    expect((await cli('apply', ...LATER)).code).toBe(0);
    const ledger = await read(LEDGER);
    await mkdir(path.join(repo, 'requests/dinkes'), { recursive: true });
    await writeFile(path.join(repo, 'requests/dinkes/rujukan.yaml'), requestText('dinkes/rujukan', { publicIpv4: '203.0.113.8' }));
    const result = await cli('apply', '--now', '2026-12-02T00:00:00Z');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/requests\/dinkes\/rujukan\.yaml:\d+:\d+: error KLK405: pinned public IPv4 203\.0\.113\.8 was released by dkisp\/monitoring/);
    expect(await read(LEDGER)).toBe(ledger);
  });

  it('removes the files an earlier version wrote one by one, and nothing else', async () => {
    await mkdir(path.join(repo, 'build/dev/firewall'), { recursive: true });
    await writeFile(path.join(repo, 'build/dev/firewall/kolokasi.nft'), 'old\n');
    await writeFile(path.join(repo, 'build/dev/firewall/.kolokasi.nft.999999999.abcdef01.tmp'), 'half\n');
    await writeFile(path.join(repo, 'build/dev/notes.txt'), 'kept\n');
    await writeFile(path.join(repo, 'build/dev/.kolokasi-outputs'), '# list\nfirewall/kolokasi.nft\n../../stacks/Pulumi.dev.yaml\n');
    const result = await cli('apply', ...NOW);
    expect(result.code).toBe(0);
    expect(await exists('build/dev/firewall')).toBe(false);
    expect(await exists('build/dev/.kolokasi-outputs')).toBe(false);
    expect(await read('build/dev/notes.txt')).toBe('kept\n');
    expect(await exists('stacks/Pulumi.dev.yaml')).toBe(true);
    expect(await exists('build/dev/current/firewall/kolokasi.nft')).toBe(true);
  });

  it('writes into --out', async () => {
    const result = await runCli(['apply', '--out', 'elsewhere', '--repo', repo, ...NOW], { cwd: repo });
    expect(result.code).toBe(0);
    expect(await exists('elsewhere/current/manifest.json')).toBe(true);
    expect(await exists('build')).toBe(false);
  });
});

describe('kolokasi pool', () => {
  it('lists free, used, quarantined and reserved addresses', async () => {
    await cli('apply', ...NOW);
    await rm(path.join(repo, 'requests/dkisp/monitoring.yaml'));
    await cli('apply', ...LATER);
    const text = await cli('pool', ...LATER);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Pool publik-a (public IPv4) 203.0.113.0/26, gateway 203.0.113.1');
    expect(text.stdout).toContain('size 64, reserved 5, used 6, quarantined 1, free 52');
    expect(text.stdout).toContain('203.0.113.8  dkisp/monitoring  (free from 2026-12-31T00:00:00Z)');

    const json = JSON.parse((await cli('pool', '--format', 'json', '--now', '2026-12-31T00:00:00Z')).stdout);
    expect(json.pools.map((p: { name: string }) => p.name)).toEqual(['publik-a', 'publik-b', 'publik-v6', 'lan-colo']);
    expect(json.pools[0]).toMatchObject({ usedCount: 6, quarantinedCount: 0, freeCount: 53 });
    expect(json.pools[2].size).toBe('18446744073709551616');
  });
});
