// Words several entries of the catalog put into their sentences: an address field, and why an
// address is never handed out. Only types are imported, so any module may use them without a cycle.
import type { Text } from '../model.ts';
import type { AddressField, BlockReason } from '../pool.ts';

/** What each never-handed-out address is, as a label (pool pictures, messages). */
export const BLOCK_REASON_WORDS: Record<BlockReason, Text> = {
  network: { en: 'network address', id: 'alamat jaringan' },
  broadcast: { en: 'broadcast address', id: 'alamat broadcast' },
  gateway: { en: 'gateway', id: 'gateway' },
  anycast: { en: 'subnet-router anycast address', id: 'alamat anycast subnet-router' },
  reserved: { en: 'reserved', id: 'dicadangkan' },
};

const FIELD_WORDS: Record<AddressField, Text> = {
  publicIpv4: { en: 'public IPv4', id: 'IPv4 publik' },
  privateIpv4: { en: 'private IPv4', id: 'IPv4 privat' },
  publicIpv6: { en: 'public IPv6', id: 'IPv6 publik' },
};

export function fieldWords(field: AddressField): Text {
  return FIELD_WORDS[field];
}

/** As it reads in a sentence: "203.0.113.0 is the network address of pool ...". */
export function blockWords(reason: string, entry?: string): Text {
  const label = BLOCK_REASON_WORDS[reason as BlockReason] ?? { en: reason, id: reason };
  const words = reason === 'reserved' ? label : { en: `the ${label.en}`, id: label.id };
  return entry && entry.includes('/')
    ? { en: `${words.en} (${entry})`, id: `${words.id} (${entry})` }
    : words;
}
