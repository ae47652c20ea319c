import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseStack } from '../../src/core/stack.ts';
import { PROJECT_ROOT } from '../helpers/repo.ts';

const DEV = await readFile(path.join(PROJECT_ROOT, 'stacks/Pulumi.dev.yaml'), 'utf8');

function parse(text: string) {
  return parseStack({ file: 'stacks/Pulumi.dev.yaml', text }, 'dev');
}

describe('stack config', () => {
  it('reads the kolokasi: keys of the example stack', () => {
    const { stack, diagnostics } = parse(DEV);
    expect(diagnostics).toEqual([]);
    expect(stack?.config.zone).toBe('dev.tarakankota.go.id');
    expect(stack?.config.pools.publicIpv4.map((p) => p.cidr)).toEqual(['203.0.113.0/26', '198.51.100.0/28']);
    expect(stack?.config.firewall.targets).toEqual(['nftables', 'iptables', 'routeros']);
  });

  it.each([
    ['overlapping pools', DEV.replace('cidr: 198.51.100.0/28', 'cidr: 203.0.113.32/28').replace('gateway: 198.51.100.1', 'gateway: 203.0.113.33'), 'overlaps'],
    ['a gateway outside its pool', DEV.replace('gateway: 10.20.30.1', 'gateway: 10.20.31.1'), 'gateway 10.20.31.1'],
    ['a pool with host bits', DEV.replace('cidr: 10.20.30.0/24', 'cidr: 10.20.30.7/24'), 'not a valid IPv4 network'],
    ['an IPv4 network as the IPv6 pool', DEV.replace('cidr: 2001:db8:7a::/64', 'cidr: 192.0.2.0/24'), 'not a valid IPv6 network'],
    ['a reserved entry outside its pool', DEV.replace('reserved: [10.20.30.2/31]', 'reserved: [10.20.31.2]'), 'reserved entry 10.20.31.2'],
  ])('refuses %s with its line', (_name, text, message) => {
    const { stack, diagnostics } = parse(text);
    expect(stack).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toContain('KLK701');
    expect(diagnostics.find((d) => d.code === 'KLK701')!.message.en).toContain(message);
    expect(diagnostics[0]!.line).toBeGreaterThan(0);
  });

  it('refuses unknown kolokasi: keys and a plain-text Cloudflare token', () => {
    const typo = parse(DEV.replace('kolokasi:quarantineDays', 'kolokasi:quarantineDay'));
    expect(typo.diagnostics.map((d) => d.code)).toContain('KLK101');
    const token = parse(`${DEV}  cloudflare:apiToken: abc123\n`);
    expect(token.stack).toBeUndefined();
    expect(token.diagnostics.map((d) => d.code)).toEqual(['KLK107']);
    // Not even as a Pulumi secret: the token lives in the CI environment only.
    const secret = parse(`${DEV}  cloudflare:apiToken:\n    secure: AAABAJk=\n`);
    expect(secret.diagnostics.map((d) => d.code)).toEqual(['KLK107']);
    expect(secret.diagnostics[0]!.hint.en).toContain('CLOUDFLARE_API_TOKEN');
    // Other providers' settings may sit beside kolokasi's.
    expect(parse(`${DEV}  cloudflare:retries: 3\n`).diagnostics).toEqual([]);
  });
});
