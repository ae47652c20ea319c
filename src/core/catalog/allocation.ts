// KLK4xx: allocation: pinned addresses and pools, against the ledger.
import type { Text } from '../model.ts';
import { entry, type CatalogEntry } from '../messages.ts';
import { blockWords, fieldWords } from './words.ts';
import type { AddressField } from '../pool.ts';

/** A pinned address of a request: which field pins it, and the address. */
interface Pin {
  field: AddressField;
  address: string;
}

/** A pool as a message names it. */
interface PoolName {
  name: string;
  cidr: string;
}

function poolList(pools: readonly PoolName[]): string {
  return pools.map((pool) => `${pool.name} (${pool.cidr})`).join(', ');
}

/** How many requests an exhaustion message names before it only counts the rest. */
const LISTED_REQUESTS = 20;

/** What ran out for one request (KLK406): each address field without a free address, with its pools. */
interface Exhaustion {
  request: string;
  shortages: readonly { field: AddressField; pools: readonly PoolName[] }[];
  /** Every request left without an address in this run. */
  left: readonly string[];
}

function shortageWords({ field, pools }: Exhaustion['shortages'][number]): Text {
  const words = fieldWords(field);
  if (pools.length === 0) return { en: `no ${words.en} pool is configured`, id: `tidak ada pool ${words.id} yang diatur` };
  return { en: `${words.en} pool(s) ${poolList(pools)} exhausted`, id: `pool ${words.id} ${poolList(pools)} habis` };
}

function exhaustionText({ request, shortages, left }: Exhaustion): Text {
  const listed = left.slice(0, LISTED_REQUESTS).join(', ');
  const more = left.length > LISTED_REQUESTS ? left.length - LISTED_REQUESTS : 0;
  const full = shortages.map(shortageWords);
  return {
    en: `no free address for ${request}: ${full.map((f) => f.en).join('; ')}; ${left.length} request(s) left without an address: ${listed}${more ? ` and ${more} more` : ''}`,
    id: `tidak ada alamat bebas untuk ${request}: ${full.map((f) => f.id).join('; ')}; ${left.length} permohonan tidak mendapat alamat: ${listed}${more ? ` dan ${more} lainnya` : ''}`,
  };
}

export const ALLOCATION_MESSAGES = {
  KLK401: entry<[Pin & { pools: readonly PoolName[] }]>({
    summary: { en: 'pinned address outside every pool', id: 'alamat yang dipatok berada di luar semua pool' },
    text: ({ field, address, pools }) => {
      const words = fieldWords(field);
      return {
        en: `pinned ${words.en} ${address} is outside every ${words.en} pool: ${poolList(pools)}`,
        id: `${words.id} yang dipatok ${address} berada di luar semua pool ${words.id}: ${poolList(pools)}`,
      };
    },
    hint: () => ({
      en: 'pin only an address the server already has inside a pool, or remove the pin to get one allocated',
      id: 'patok hanya alamat yang sudah dimiliki server di dalam pool, atau hapus patokan agar alamat dialokasikan',
    }),
  }),
  KLK402: entry<[Pin & { pool: string; reason: string; entry: string | undefined }]>({
    summary: {
      en: 'pinned address is never handed out (network, broadcast, gateway, reserved)',
      id: 'alamat yang dipatok tidak pernah diberikan (network, broadcast, gateway, reserved)',
    },
    text: ({ field, address, pool, reason, entry: blocked }) => {
      const words = fieldWords(field);
      const why = blockWords(reason, blocked);
      return {
        en: `pinned ${words.en} ${address} is ${why.en} of pool ${pool} and is never handed out`,
        id: `${words.id} yang dipatok ${address} adalah ${why.id} pool ${pool} dan tidak pernah diberikan`,
      };
    },
    hint: () => ({
      en: 'remove the pin to get a free address allocated; if the server really uses this address, ask the NOC',
      id: 'hapus patokan agar alamat bebas dialokasikan; jika server memang memakai alamat ini, hubungi NOC',
    }),
  }),
  KLK403: entry<[Pin & { holder: string }]>({
    summary: { en: 'pinned address already allocated to another request', id: 'alamat yang dipatok sudah dialokasikan untuk permohonan lain' },
    text: ({ field, address, holder }) => {
      const words = fieldWords(field);
      return {
        en: `pinned ${words.en} ${address} is already allocated to ${holder}`,
        id: `${words.id} yang dipatok ${address} sudah dialokasikan untuk ${holder}`,
      };
    },
    hint: () => ({
      en: 'an address belongs to one server; remove the pin to get a free address',
      id: 'satu alamat untuk satu server; hapus patokan agar mendapat alamat bebas',
    }),
  }),
  KLK404: entry<[Pin & { claimants: readonly string[] }]>({
    summary: { en: 'one address pinned by several requests', id: 'satu alamat dipatok oleh beberapa permohonan' },
    text: ({ field, address, claimants }) => {
      const words = fieldWords(field);
      return {
        en: `${words.en} ${address} is pinned by ${claimants.length} requests: ${claimants.join(', ')}`,
        id: `${words.id} ${address} dipatok oleh ${claimants.length} permohonan: ${claimants.join(', ')}`,
      };
    },
    hint: () => ({
      en: 'an address belongs to one server; only the request of the server that really has it may pin it',
      id: 'satu alamat untuk satu server; hanya permohonan server yang benar-benar memakainya yang boleh mematoknya',
    }),
  }),
  KLK405: entry<[Pin & { releasedBy: string; freeFrom: string; own: boolean }]>({
    summary: { en: 'pinned address still in quarantine', id: 'alamat yang dipatok masih dalam karantina' },
    text: ({ field, address, releasedBy, freeFrom }) => {
      const words = fieldWords(field);
      return {
        en: `pinned ${words.en} ${address} was released by ${releasedBy} and is in quarantine until ${freeFrom}`,
        id: `${words.id} yang dipatok ${address} dilepas oleh ${releasedBy} dan dikarantina sampai ${freeFrom}`,
      };
    },
    // A request filed again gets its old addresses back only all together.
    hint: ({ own, freeFrom }) => own
      ? {
          en: 'pin every address this request had before, or none, to get them all back',
          id: 'patok semua alamat yang dulu dimiliki permohonan ini, atau tidak sama sekali, agar semuanya kembali',
        }
      : {
          en: `remove the pin to get a free address now, or pin it again after ${freeFrom}`,
          id: `hapus patokan agar mendapat alamat bebas sekarang, atau patok lagi setelah ${freeFrom}`,
        },
  }),
  KLK406: entry<[Exhaustion]>({
    summary: {
      en: 'pool exhausted: names the pool and every request left without an address',
      id: 'pool habis: menyebut pool dan setiap permohonan yang tidak mendapat alamat',
    },
    text: exhaustionText,
    hint: () => ({
      en: 'the NOC must add a pool (or free addresses) in the stack config before these requests can be applied',
      id: 'NOC perlu menambah pool (atau membebaskan alamat) di konfigurasi stack sebelum permohonan ini dapat diterapkan',
    }),
  }),
  KLK407: entry<[Pin]>({
    summary: { en: 'pin for a pool the stack does not have', id: 'patokan untuk pool yang tidak dimiliki stack' },
    text: ({ field, address }) => {
      const words = fieldWords(field);
      return {
        en: `${words.en} ${address} is pinned, but this stack has no ${words.en} pool`,
        id: `${words.id} ${address} dipatok, tetapi stack ini tidak memiliki pool ${words.id}`,
      };
    },
    hint: () => ({
      en: 'remove the pin and ipv6: true, or ask the NOC to configure an IPv6 pool',
      id: 'hapus patokan dan ipv6: true, atau minta NOC mengatur pool IPv6',
    }),
  }),
  KLK408: entry<[{ field: AddressField; pin: string; held: string }]>({
    summary: {
      en: 'pin differs from the address the server holds: kolokasi does not move a live server',
      id: 'patokan berbeda dengan alamat yang dimiliki server: kolokasi tidak memindahkan server yang berjalan',
    },
    text: ({ field, pin, held }) => {
      const words = fieldWords(field);
      return {
        en: `pinned ${words.en} ${pin} differs from ${held}, which this server already holds: kolokasi does not move a live server`,
        id: `${words.id} yang dipatok ${pin} berbeda dengan ${held} yang sudah dimiliki server ini: kolokasi tidak memindahkan server yang berjalan`,
      };
    },
    hint: ({ held }) => ({
      en: `set the pin back to ${held} or remove it; to really move the server, delete the request, then file it again with the new pin`,
      id: `kembalikan patokan ke ${held} atau hapus; untuk benar-benar memindahkan server, hapus permohonan lalu ajukan lagi dengan patokan baru`,
    }),
  }),
  KLK410: entry<[{ from: string; to: string; subdomain: string; fromOpd: string; toOpd: string }]>({
    summary: {
      en: 'warning: a request moves to another OPD (same subdomain, addresses kept): the reviewers of both OPDs approve',
      id: 'peringatan: permohonan pindah ke OPD lain (subdomain sama, alamat tetap): peninjau kedua OPD menyetujui',
    },
    text: ({ from, to, subdomain, fromOpd, toOpd }) => ({
      en: `${from} moves to ${to}: the server keeps its name ${subdomain} and its addresses, and passes from OPD ${fromOpd} to OPD ${toOpd}`,
      id: `${from} pindah ke ${to}: server tetap memakai nama ${subdomain} dan alamatnya, dan berpindah dari OPD ${fromOpd} ke OPD ${toOpd}`,
    }),
    hint: ({ fromOpd, toOpd }) => ({
      en: `the reviewers of both OPDs approve this pull request: ${fromOpd} gives the server up, ${toOpd} takes it over; if it is a new server, choose another subdomain`,
      id: `peninjau kedua OPD menyetujui pull request ini: ${fromOpd} melepas server, ${toOpd} mengambil alih; jika ini server baru, pilih subdomain lain`,
    }),
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
