// The hand-built example desired state must say what requests/*/*.yaml say; when a request
// changes, this fails first and points at the fixture (and then the golden files) to update.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ColocationRequest, Sources } from '../../src/core/model.ts';
import { exampleServers, INTRANET, ROOT } from './fixtures.ts';

function requestFiles(): { id: string; request: ColocationRequest }[] {
  const base = path.join(ROOT, 'requests');
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(path.join(base, dir.name))
        .filter((file) => file.endsWith('.yaml'))
        .map((file) => ({ id: `${dir.name}/${file.replace(/\.yaml$/, '')}`, request: parse(readFileSync(path.join(base, dir.name, file), 'utf8')) as ColocationRequest })),
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe('the example fixture', () => {
  it('mirrors every example request: services, sources, pins and IPv6', () => {
    const fixture = exampleServers();
    const files = requestFiles();
    expect(fixture.map((s) => s.request)).toEqual(files.map((f) => f.id));
    for (const { id, request } of files) {
      const server = fixture.find((s) => s.request === id)!;
      const sources = (access: ColocationRequest['spec']['services'][number]['access']): Sources =>
        access === 'public' ? { kind: 'any' } : { kind: 'cidrs', cidrs: access === 'intranet' ? INTRANET : access };
      expect(server.services, id).toEqual(
        request.spec.services.map((s) => ({
          name: s.name,
          protocol: s.protocol,
          portFrom: s.port ?? s.portRange!.from,
          portTo: s.port ?? s.portRange!.to,
          sources: sources(s.access),
        })),
      );
      expect(server.publicIpv6 !== undefined, `${id} ipv6`).toBe(request.spec.network?.ipv6 === true);
      if (request.spec.network?.publicIpv4) expect(server.publicIpv4).toBe(request.spec.network.publicIpv4);
      if (request.spec.network?.privateIpv4) expect(server.privateIpv4).toBe(request.spec.network.privateIpv4);
    }
  });
});
