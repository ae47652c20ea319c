// Hand-made DNS records in the shape the core produces, for tests that need no repository.
import type { DnsRecord, DnsRecordType } from '../../src/core/model.ts';

export const ZONE = 'dev.tarakankota.go.id';

export function dnsRecord(
  request: string,
  type: DnsRecordType,
  content: string,
  options: { subdomain?: string; ttl?: number; proxied?: boolean; zone?: string } = {},
): DnsRecord {
  const [opd = '', name = ''] = request.split('/');
  const subdomain = options.subdomain ?? name;
  return {
    key: `${request}/${type}`,
    request,
    opd,
    fqdn: `${subdomain}.${options.zone ?? ZONE}`,
    subdomain,
    type,
    content,
    ttl: options.ttl ?? 300,
    proxied: options.proxied ?? false,
    comment: `kolokasi: ${request} (OPD ${opd})`,
  };
}

/** Three servers, one of them with IPv6 and one behind the Cloudflare proxy. */
export function sampleRecords(): DnsRecord[] {
  return [
    dnsRecord('bkpsdm/simpeg', 'A', '203.0.113.4'),
    dnsRecord('bkpsdm/simpeg', 'AAAA', '2001:db8:7a::4'),
    dnsRecord('dinkes/sik', 'A', '203.0.113.5', { proxied: true }),
    dnsRecord('dkisp/monitoring', 'A', '203.0.113.6', { subdomain: 'noc' }),
  ];
}
