// Address arithmetic. IPv4 text goes through `netmask`'s ip2long/long2ip (a small, long-lived
// library); the block maths is done with BigInt for both families, one code path for both.
// Strict parsing first: `netmask` accepts shorthand like `1.2.3`, which a request must never use.
import { isIPv6 } from 'node:net';
import netmask from 'netmask';

const { ip2long, long2ip } = netmask;

export type Family = 4 | 6;

export interface Cidr {
  family: Family;
  /** Network address as a number (IPv4) or bigint (IPv6), normalised to the prefix. */
  base: bigint;
  prefix: number;
  /** Canonical text, e.g. `203.0.113.0/24`. */
  text: string;
}

const IPV4_STRICT = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isStrictIpv4(text: string): boolean {
  return IPV4_STRICT.test(text);
}

export function isStrictIpv6(text: string): boolean {
  return !text.includes('%') && isIPv6(text);
}

export function addressFamily(text: string): Family | undefined {
  if (isStrictIpv4(text)) return 4;
  if (isStrictIpv6(text)) return 6;
  return undefined;
}

export function ipv4ToBigint(text: string): bigint {
  return BigInt(ip2long(text) >>> 0);
}

export function bigintToIpv4(value: bigint): string {
  return long2ip(Number(value));
}

export function ipv6ToBigint(text: string): bigint {
  // One pass over the characters, the groups as numbers: an address is parsed tens of thousands of
  // times at 10,000 requests, and splitting it into arrays of strings made most of the garbage.
  const groups: number[] = [];
  let gapAt = -1;
  for (let start = 0; start < text.length; ) {
    if (text.charCodeAt(start) === COLON) {
      // `::` at this point (a single colon only separates, and was passed over below).
      if (gapAt >= 0 || text.charCodeAt(start + 1) !== COLON) throw notIpv6(text);
      gapAt = groups.length;
      start += 2;
      continue;
    }
    let end = start;
    let value = 0;
    let digit: number;
    while (end < text.length && (digit = hexDigit(text.charCodeAt(end))) >= 0) {
      value = value * 16 + digit;
      end++;
    }
    if (end < text.length && text.charCodeAt(end) === DOT) {
      // An embedded IPv4 tail (::ffff:1.2.3.4) is the last 32 bits: two groups.
      const v4 = Number(ipv4ToBigint(text.slice(start)));
      groups.push(v4 >>> 16, v4 & 0xffff);
      break;
    }
    if (end === start) throw notIpv6(text);
    groups.push(value);
    if (end === text.length) break;
    if (text.charCodeAt(end) !== COLON || end + 1 === text.length) throw notIpv6(text);
    // Past the separating colon, unless it is the first of `::`.
    start = text.charCodeAt(end + 1) === COLON ? end : end + 1;
  }
  const missing = gapAt < 0 ? 0 : 8 - groups.length;
  if (groups.length > 8) throw new RangeError(`'${text}' has more than eight groups`);
  let value = 0n;
  for (let i = 0; i < groups.length; i++) {
    if (i === gapAt) value <<= BigInt(16 * missing);
    value = (value << 16n) | BigInt(groups[i]!);
  }
  if (gapAt === groups.length) value <<= BigInt(16 * missing);
  return value;
}

function notIpv6(text: string): RangeError {
  return new RangeError(`'${text}' is not an IPv6 address`);
}

const COLON = 0x3a;
const DOT = 0x2e;

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

/** RFC 5952 text: lowercase, leading zeros dropped, the longest run of zero groups as `::`. */
export function bigintToIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLen - 1;
    } else text += text === '' || text.endsWith(':') ? groups[i]!.toString(16) : `:${groups[i]!.toString(16)}`;
  }
  return text;
}

export function addressToBigint(text: string): bigint {
  return familyValue(addressFamily(text) === 6 ? 6 : 4, text);
}

/** The number of an address whose family is known already: the family is not detected twice. */
function familyValue(family: Family, text: string): bigint {
  return family === 6 ? ipv6ToBigint(text) : ipv4ToBigint(text);
}

export function bigintToAddress(family: Family, value: bigint): string {
  return family === 4 ? bigintToIpv4(value) : bigintToIpv6(value);
}

/** Canonical text of an address (IPv6 compressed, lowercase), or undefined when invalid. */
export function canonicalAddress(text: string): string | undefined {
  const family = addressFamily(text);
  if (family === undefined) return undefined;
  return family === 4 ? text : bigintToIpv6(ipv6ToBigint(text));
}

function bits(family: Family): number {
  return family === 4 ? 32 : 128;
}

/**
 * Parses `a.b.c.d/n` or an IPv6 prefix. Host bits must be zero unless `allowHostBits`
 * (a CIDR with host bits set is almost always a typo for another network).
 */
export function parseCidr(text: string, allowHostBits = false): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const family = addressFamily(address);
  if (family === undefined) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bits(family)) return undefined;
  const value = familyValue(family, address);
  const hostMask = (1n << BigInt(bits(family) - prefix)) - 1n;
  if ((value & hostMask) !== 0n && !allowHostBits) return undefined;
  const base = value & ~hostMask;
  return { family, base, prefix, text: `${bigintToAddress(family, base)}/${prefix}` };
}

export function cidrSize(cidr: Cidr): bigint {
  return 1n << BigInt(bits(cidr.family) - cidr.prefix);
}

export function cidrLast(cidr: Cidr): bigint {
  return cidr.base + cidrSize(cidr) - 1n;
}

export function cidrContainsAddress(cidr: Cidr, address: string): boolean {
  if (addressFamily(address) !== cidr.family) return false;
  const value = familyValue(cidr.family, address);
  return value >= cidr.base && value <= cidrLast(cidr);
}

export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && inner.base >= outer.base && cidrLast(inner) <= cidrLast(outer);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.base <= cidrLast(b) && b.base <= cidrLast(a);
}

/** A single address or a CIDR, as written in `reserved:` lists. */
export function parseAddressOrCidr(text: string): Cidr | undefined {
  if (text.includes('/')) return parseCidr(text);
  const family = addressFamily(text);
  if (family === undefined) return undefined;
  const base = familyValue(family, text);
  return { family, base, prefix: bits(family), text: family === 4 ? text : bigintToIpv6(base) };
}

/**
 * IPv6 ranges that carry IPv4 addresses inside them: a source address in one of these is an IPv4
 * host, so a range here is as wide as the IPv4 network it embeds. `shift` is where the 32 IPv4
 * bits sit, counted from the lowest bit.
 */
const IPV4_EMBEDDINGS: readonly { cidr: string; shift: number }[] = [
  { cidr: '::ffff:0:0/96', shift: 0 }, // IPv4-mapped (RFC 4291)
  { cidr: '::/96', shift: 0 }, // IPv4-compatible, deprecated (RFC 4291)
  { cidr: '64:ff9b::/96', shift: 0 }, // NAT64 well-known prefix (RFC 6052)
  { cidr: '2002::/16', shift: 80 }, // 6to4 (RFC 3056)
];

/** IPV4_EMBEDDINGS parsed, on first use: called for every access entry of every request. */
let embeddings: { outer: Cidr; shift: number }[] | undefined;

/**
 * The widest IPv4 network an IPv6 range stands for through an IPv4 embedding, e.g.
 * `::ffff:0.0.0.0/96` -> `0.0.0.0/0`; undefined for an IPv4 range or one that embeds nothing.
 */
export function embeddedIpv4(cidr: Cidr): Cidr | undefined {
  if (cidr.family !== 6) return undefined;
  let widest: Cidr | undefined;
  embeddings ??= IPV4_EMBEDDINGS.map((embedding) => ({ outer: parseCidr(embedding.cidr)!, shift: embedding.shift }));
  for (const embedding of embeddings) {
    const { outer } = embedding;
    if (!cidrsOverlap(outer, cidr)) continue;
    const prefix = Math.min(32, Math.max(0, cidr.prefix - outer.prefix));
    const base = (cidr.base >> BigInt(embedding.shift)) & 0xffffffffn;
    const inner = parseCidr(`${bigintToIpv4(base)}/${prefix}`, true)!;
    if (!widest || inner.prefix < widest.prefix) widest = inner;
  }
  return widest;
}
