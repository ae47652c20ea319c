import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addressFamily, bigintToIpv6, canonicalAddress, cidrContainsAddress, cidrsOverlap, ipv6ToBigint, parseAddressOrCidr, parseCidr,
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
