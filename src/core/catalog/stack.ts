// KLK7xx: the stack config and the OPD registry, beyond what their schemas say.
import type { Text } from '../model.ts';
import { entry, type CatalogEntry } from '../messages.ts';

/** What is wrong with the pools or the intranet of a stack config (KLK701). */
type PoolProblem =
  | { kind: 'network'; pool: string; cidr: string; family: 4 | 6 }
  | { kind: 'gateway'; pool: string; gateway: string; cidr: string }
  | { kind: 'reserved'; pool: string; entry: string; cidr: string }
  | { kind: 'overlap'; pool: string; cidr: string; other: string; otherCidr: string }
  | { kind: 'name-twice'; pool: string }
  | { kind: 'intranet'; entry: string };

function poolWords(problem: PoolProblem): { message: Text; hint: Text } {
  switch (problem.kind) {
    case 'network': {
      const { pool, cidr, family } = problem;
      return {
        message: { en: `pool '${pool}': '${cidr}' is not a valid IPv${family} network`, id: `pool '${pool}': '${cidr}' bukan jaringan IPv${family} yang sah` },
        hint: {
          en: 'write the network address with its prefix and no host bits, e.g. 203.0.113.0/26',
          id: 'tulis alamat jaringan dengan prefiksnya tanpa bit host, mis. 203.0.113.0/26',
        },
      };
    }
    case 'gateway': {
      const { pool, gateway, cidr } = problem;
      return {
        message: { en: `pool '${pool}': gateway ${gateway} is not an address inside ${cidr}`, id: `pool '${pool}': gateway ${gateway} bukan alamat di dalam ${cidr}` },
        hint: { en: 'give the router address of this subnet', id: 'isi dengan alamat router subnet ini' },
      };
    }
    case 'reserved': {
      const { pool, entry: reserved, cidr } = problem;
      return {
        message: { en: `pool '${pool}': reserved entry ${reserved} is not inside ${cidr}`, id: `pool '${pool}': entri reserved ${reserved} tidak berada di dalam ${cidr}` },
        hint: { en: 'list addresses or networks inside the pool', id: 'tulis alamat atau jaringan di dalam pool' },
      };
    }
    case 'overlap': {
      const { pool, cidr, other, otherCidr } = problem;
      return {
        message: {
          en: `pool '${pool}' (${cidr}) overlaps pool '${other}' (${otherCidr})`,
          id: `pool '${pool}' (${cidr}) bertumpang tindih dengan pool '${other}' (${otherCidr})`,
        },
        hint: { en: 'pools must not share addresses', id: 'pool tidak boleh berbagi alamat' },
      };
    }
    case 'name-twice':
      return {
        message: { en: `pool name '${problem.pool}' is used twice`, id: `nama pool '${problem.pool}' dipakai dua kali` },
        hint: { en: 'give each pool its own name', id: 'beri setiap pool nama sendiri' },
      };
    case 'intranet':
      return {
        message: { en: `intranet entry '${problem.entry}' is not a valid network`, id: `entri intranet '${problem.entry}' bukan jaringan yang sah` },
        hint: { en: 'write address/prefix without host bits, e.g. 10.10.0.0/16', id: 'tulis alamat/prefiks tanpa bit host, mis. 10.10.0.0/16' },
      };
  }
}

export const STACK_MESSAGES = {
  KLK701: entry<[PoolProblem]>({
    summary: {
      en: 'stack config: invalid or overlapping pool, gateway or reserved entry',
      id: 'konfigurasi stack: pool, gateway atau entri reserved tidak sah atau bertumpang tindih',
    },
    text: (problem) => poolWords(problem).message,
    hint: (problem) => poolWords(problem).hint,
  }),
  KLK702: entry<[{ opd: string }]>({
    summary: { en: 'OPD registered twice', id: 'OPD terdaftar dua kali' },
    text: ({ opd }) => ({ en: `OPD '${opd}' is registered twice`, id: `OPD '${opd}' terdaftar dua kali` }),
    hint: () => ({ en: 'keep one entry per OPD', id: 'simpan satu entri per OPD' }),
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
