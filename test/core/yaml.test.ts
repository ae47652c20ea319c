import { describe, expect, it } from 'vitest';
import { decodeSource, locate, parseYaml } from '../../src/core/yaml.ts';

const TEXT = `apiVersion: kolokasi/v1
spec:
  services:
    - name: https
      port: 443
    - name: "ssh"
      port: 22
`;

describe('locate', () => {
  it('finds values, keys and list items', () => {
    expect(locate(TEXT, '/spec/services/1/port')).toEqual({ line: 7, col: 13 });
    expect(locate(TEXT, '/spec/services/1/name', true)).toEqual({ line: 6, col: 7 });
    expect(locate(TEXT, '/spec/services/0')).toEqual({ line: 4, col: 7 });
  });

  it('falls back to the nearest ancestor that exists', () => {
    // The list itself starts at its first dash.
    expect(locate(TEXT, '/spec/services/5/port')).toEqual({ line: 4, col: 5 });
    expect(locate(TEXT, '/spec/dns/subdomain')).toEqual({ line: 3, col: 3 });
  });
});

describe('parseYaml', () => {
  it('gives plain data for one document', () => {
    const parsed = parseYaml({ file: 'a.yaml', text: TEXT });
    expect(parsed.ok && (parsed.value as { spec: { services: unknown[] } }).spec.services).toHaveLength(2);
  });

  it('keeps YAML 1.2 core types: no sexagesimal or yes/no surprises', () => {
    const parsed = parseYaml({ file: 'a.yaml', text: 'a: 22:22\nb: yes\nc: 0o17\n' });
    expect(parsed.ok && parsed.value).toEqual({ a: '22:22', b: 'yes', c: 15 });
  });

  it('strips a leading byte-order mark', () => {
    const withBom = decodeSource('a.yaml', new TextEncoder().encode('\ufeffa: 1\n'));
    expect(withBom.ok && withBom.source.text).toBe('a: 1\n');
  });
});
