import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addressFamily, bigintToIpv6, canonicalAddress, cidrContainsAddress, cidrsOverlap, embeddedIpv4, ipv6ToBigint, parseAddressOrCidr, parseCidr,
} from '../../src/core/ip.ts';

describe('address parsing', () => {
  it.each([
    ['203.0.113.10', 4],
    ['2001:db8::1', 6],
    ['::ffff:192.0.2.1', 6],
    ['1.2.3', undefined],
    ['01.2.3.4', undefined],
    ['256.1.1.1', undefined],
    ['fe80::1%eth0', undefined],
    ['', undefined],
  ])('%s is IPv%s', (text, family) => {
    expect(addressFamily(text)).toBe(family);
  });

  it('writes IPv6 the RFC 5952 way', () => {
    expect(canonicalAddress('2001:0DB8:0000:0000:0000:0000:0000:0010')).toBe('2001:db8::10');
    expect(canonicalAddress('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalAddress('0:0:0:0:0:0:0:0')).toBe('::');
    expect(canonicalAddress('2001:db8:1:1:1:1:1:0')).toBe('2001:db8:1:1:1:1:1:0');
  });

  it('round-trips every 128-bit value through text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        expect(ipv6ToBigint(bigintToIpv6(value))).toBe(value);
      }),
    );
  });

  it('reads every way of writing an IPv6 address as the URL standard does', () => {
    // Full, compressed, leading zeros, upper case and an embedded IPv4 tail; the WHATWG URL
    // serializer writes the canonical form RFC 5952 asks for.
    fc.assert(
      fc.property(fc.ipV6(), fc.boolean(), (written, upper) => {
        const text = upper ? written.toUpperCase() : written;
        expect(bigintToIpv6(ipv6ToBigint(text))).toBe(new URL(`http://[${text}]/`).hostname.slice(1, -1));
      }),
      { numRuns: 2000 },
    );
    expect(ipv6ToBigint('::ffff:192.0.2.1')).toBe(0xffffc0000201n);
    expect(ipv6ToBigint('2001:DB8:0:0:0:0:0:10')).toBe(ipv6ToBigint('2001:db8::10'));
  });

  it.each(['1:2:3:4:5:6:7:8:9', '1::2::3', ':::', '1:', '1::2:', '1:2:3:4:5:6:7::8:9'])('refuses %s', (text) => {
    expect(() => ipv6ToBigint(text)).toThrow(RangeError);
  });
});

describe('CIDRs', () => {
  it('refuses prefixes beyond the family and host bits', () => {
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('2001:db8::/129')).toBeUndefined();
    expect(parseCidr('10.0.5.0/16')).toBeUndefined();
    expect(parseCidr('10.0.5.0/16', true)?.text).toBe('10.0.0.0/16');
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  it('answers containment and overlap', () => {
    const pool = parseCidr('203.0.113.0/26')!;
    expect(cidrContainsAddress(pool, '203.0.113.63')).toBe(true);
    expect(cidrContainsAddress(pool, '203.0.113.64')).toBe(false);
    expect(cidrContainsAddress(pool, '2001:db8::1')).toBe(false);
    expect(cidrsOverlap(pool, parseCidr('203.0.113.32/27')!)).toBe(true);
    expect(cidrsOverlap(pool, parseCidr('203.0.113.64/27')!)).toBe(false);
    expect(parseAddressOrCidr('203.0.113.5')?.prefix).toBe(32);
  });
});

describe('embeddedIpv4', () => {
  it.each([
    ['::ffff:0.0.0.0/96', '0.0.0.0/0'],
    ['::fffe:0:0/95', '0.0.0.0/0'],
    ['::/64', '0.0.0.0/0'],
    ['::/96', '0.0.0.0/0'],
    ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
    ['::ffff:192.0.2.0/120', '192.0.2.0/24'],
    ['64:ff9b::/96', '0.0.0.0/0'],
    ['2002::/16', '0.0.0.0/0'],
    ['2002:a00::/24', '10.0.0.0/8'],
    ['2001:db8::/32', undefined],
    ['10.0.0.0/8', undefined],
  ])('%s stands for IPv4 %s', (text, ipv4) => {
    expect(embeddedIpv4(parseCidr(text)!)?.text).toBe(ipv4);
  });
});
