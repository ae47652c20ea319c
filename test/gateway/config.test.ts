// The gateway agent's configuration file: the shipped example is valid, mistakes are named with
// file:line:col, and the defaults are what the README says.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseGatewayConfig } from '../../src/gateway/config.ts';
import { PROJECT_ROOT } from '../helpers/repo.ts';

const parse = (text: string) => parseGatewayConfig({ file: 'gateway.yaml', text });

describe('the gateway configuration', () => {
  it('accepts the shipped example', () => {
    const file = 'deploy/gateway/gateway.example.yaml';
    const { config, diagnostics } = parseGatewayConfig({ file, text: readFileSync(path.join(PROJECT_ROOT, file), 'utf8') });
    expect(diagnostics).toEqual([]);
    expect(config).toMatchObject({ stack: 'prod', target: 'nftables', confirmSeconds: 60, probes: [{ host: '10.10.0.5', port: 22 }, { host: '10.10.0.53', port: 53 }] });
  });

  it('fills the defaults and reads an IPv6 probe', () => {
    const { config } = parse('remote: /srv/kolokasi.git\nstack: dev\ntarget: iptables\nprobes: ["[2001:db8::5]:22"]\n');
    expect(config).toEqual({
      remote: '/srv/kolokasi.git', branch: 'main', configBranch: 'gateway-config', stack: 'dev', target: 'iptables',
      stateDir: '/var/lib/kolokasi-gateway', confirmSeconds: 60, probeTimeoutSeconds: 3, gitTimeoutSeconds: 120, probes: [{ host: '2001:db8::5', port: 22 }],
    });
  });

  it('names each mistake with its place', () => {
    const { config, diagnostics } = parse('remote: --upload-pack=evil\nstack: dev\ntarget: routeros\nprobes: [10.0.0.1]\nconfirm: 5\n');
    expect(config).toBeUndefined();
    expect(diagnostics.map((d) => `${d.line}:${d.code}:${d.path}`)).toEqual(expect.arrayContaining([
      '1:KLK105:/remote', '3:KLK103:/target', '4:KLK105:/probes/0', expect.stringMatching(/^5:KLK101:/),
    ]));
  });

  it('refuses an empty list of probes: nothing would catch a load that cuts the gateway off', () => {
    const { config, diagnostics } = parse('remote: x\nstack: dev\ntarget: nftables\nprobes: []\n');
    expect(config).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'KLK104', line: 4, path: '/probes' })]);
    expect(diagnostics[0]!.message.en).toContain("'probes' must NOT have fewer than 1 items");
    expect(diagnostics[0]!.message.id).toContain('tidak boleh kurang dari 1 item');
  });

  it('refuses a probe port outside 1-65535', () => {
    const { diagnostics } = parse('remote: x\nstack: dev\ntarget: nftables\nprobes:\n  - 10.0.0.1:22\n  - 10.0.0.1:70000\n');
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'KLK104', line: 6, path: '/probes/1' })]);
    expect(diagnostics[0]!.message.id).toContain('port harus 1-65535');
  });
});
