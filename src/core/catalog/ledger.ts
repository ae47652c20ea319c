// KLK3xx: the allocation ledger read and checked (core/ledger.ts), and KLK813, the ledger a pull
// request edited (see core/catalog/index.ts).
import type { Text } from '../model.ts';
import { entry, type CatalogEntry } from '../messages.ts';

const TIME_HINT: Text = {
  en: 'write times as ISO-8601 UTC, e.g. 2026-11-20T08:00:00Z',
  id: 'tulis waktu dalam ISO-8601 UTC, mis. 2026-11-20T08:00:00Z',
};

/** What is wrong with a time of the ledger. */
export type LedgerTimeProblem =
  | { kind: 'not-a-time'; field: 'allocatedAt' | 'releasedAt'; value: string }
  | { kind: 'released-before-allocated'; releasedAt: string; allocatedAt: string };

/** Where a hand edit of the ledger was seen: by the plan of a pull request, or among its changed paths. */
export type LedgerEdit = { kind: 'plan'; file: string } | { kind: 'changed-paths' };

/** An entry's count, as the `counts` line declares it or as the file holds it. */
export interface LedgerCounts {
  allocations: number;
  released: number;
}

export const LEDGER_MESSAGES = {
  KLK301: entry<[ledgerStack: string, stack: string, stackLedger: string]>({
    summary: { en: 'ledger belongs to another stack', id: 'buku alokasi milik stack lain' },
    text: (ledgerStack, stack) => ({
      en: `this ledger belongs to stack '${ledgerStack}', not '${stack}'`,
      id: `buku alokasi ini milik stack '${ledgerStack}', bukan '${stack}'`,
    }),
    hint: (_ledgerStack, stack, stackLedger) => ({
      en: `the ledger of stack '${stack}' is ${stackLedger}; restore it from git`,
      id: `buku alokasi stack '${stack}' adalah ${stackLedger}; pulihkan dari git`,
    }),
  }),
  KLK302: entry<[address: string, holders: readonly Text[]]>({
    summary: { en: 'ledger holds one address twice', id: 'buku alokasi memegang satu alamat dua kali' },
    text: (address, holders) => ({
      en: `address ${address} is held ${holders.length} times: ${holders.map((h) => h.en).join('; ')}`,
      id: `alamat ${address} dipegang ${holders.length} kali: ${holders.map((h) => h.id).join('; ')}`,
    }),
    hint: () => ({
      en: 'the ledger contradicts itself; restore it from git history and run kolokasi apply again',
      id: 'buku alokasi saling bertentangan; pulihkan dari riwayat git lalu jalankan kolokasi apply lagi',
    }),
  }),
  KLK303: entry<[request: string, field: Text, address: string, pools: string]>({
    summary: { en: "ledger address outside the stack's pools", id: 'alamat di buku alokasi berada di luar pool stack' },
    text: (request, field, address, pools) => ({
      en: `${request}: ${field.en} ${address} is outside the stack's ${field.en} pools: ${pools}`,
      id: `${request}: ${field.id} ${address} berada di luar pool ${field.id} stack: ${pools}`,
    }),
    hint: () => ({
      en: 'a pool was changed or removed while addresses were allocated from it; restore the pool in the stack config',
      id: 'pool diubah atau dihapus padahal masih ada alamat yang dialokasikan darinya; kembalikan pool di konfigurasi stack',
    }),
  }),
  KLK304: entry<[request: string, field: Text, address: string, block: Text, pool: string]>({
    summary: {
      en: 'ledger address is a network, broadcast, gateway or IPv6 subnet-router anycast address',
      id: 'alamat di buku alokasi adalah alamat jaringan, broadcast, gateway atau anycast subnet-router IPv6',
    },
    text: (request, field, address, block, pool) => ({
      en: `${request}: ${field.en} ${address} is ${block.en} of pool ${pool} and cannot be allocated`,
      id: `${request}: ${field.id} ${address} adalah ${block.id} pool ${pool} dan tidak dapat dialokasikan`,
    }),
    hint: () => ({
      en: 'restore the ledger from git history, or correct the pool in the stack config',
      id: 'pulihkan buku alokasi dari riwayat git, atau perbaiki pool di konfigurasi stack',
    }),
  }),
  KLK305: entry<[request: string, field: Text, address: string, block: Text, pool: string]>({
    summary: {
      en: 'warning: ledger address lies in a `reserved` entry added after it was allocated; the server keeps it',
      id: 'peringatan: alamat di buku alokasi berada di entri `reserved` yang ditambahkan sesudah dialokasikan; server tetap memakainya',
    },
    text: (request, field, address, block, pool) => ({
      en: `${request}: ${field.en} ${address} is now ${block.en} in pool ${pool}`,
      id: `${request}: ${field.id} ${address} kini ${block.id} di pool ${pool}`,
    }),
    hint: () => ({
      en: 'the server keeps its address; remove the reserved entry from the stack config, or move the server in a reviewed change',
      id: 'server tetap memakai alamatnya; hapus entri reserved dari konfigurasi stack, atau pindahkan server melalui perubahan yang ditinjau',
    }),
  }),
  KLK306: entry<[problem: LedgerTimeProblem]>({
    summary: {
      en: 'ledger time is invalid, or a release is older than its allocation',
      id: 'waktu di buku alokasi tidak sah, atau pelepasan lebih tua daripada alokasinya',
    },
    text: (problem) => problem.kind === 'not-a-time'
      ? { en: `${problem.field} '${problem.value}' is not a time`, id: `${problem.field} '${problem.value}' bukan waktu` }
      : {
          en: `released at ${problem.releasedAt}, before it was allocated at ${problem.allocatedAt}`,
          id: `dilepas pada ${problem.releasedAt}, sebelum dialokasikan pada ${problem.allocatedAt}`,
        },
    hint: () => TIME_HINT,
  }),
  KLK307: entry<[runAt: string, latest: string]>({
    summary: {
      en: "the run's clock (`--now`, or the HEAD commit time) is earlier than the ledger's latest entry",
      id: 'jam proses (`--now`, atau waktu commit HEAD) lebih awal daripada entri terakhir buku alokasi',
    },
    text: (runAt, latest) => ({
      en: `the time of this run (${runAt}) is earlier than the ledger's latest entry (${latest})`,
      id: `waktu proses ini (${runAt}) lebih awal daripada entri terakhir buku alokasi (${latest})`,
    }),
    hint: (_runAt, latest) => ({
      en: `give --now ${latest} or later (without --now the HEAD commit time is used: commit the ledger first); if ${latest} lies in the future, the ledger was edited by hand: correct that entry`,
      id: `berikan --now ${latest} atau sesudahnya (tanpa --now dipakai waktu commit HEAD: commit buku alokasi dulu); bila ${latest} ada di masa depan, buku alokasi disunting manual: perbaiki entri itu`,
    }),
  }),
  KLK308: entry<[file: string, declared: LedgerCounts, found: LedgerCounts]>({
    summary: {
      en: 'the ledger is incomplete: fewer entries than its `counts` line says, or no `released:` (cut off, or lines lost); restore it from git',
      id: 'buku alokasi tidak utuh: entrinya lebih sedikit daripada yang tertulis di baris `counts`, atau tanpa `released:` (terpotong, atau ada baris hilang); pulihkan dari git',
    },
    text: (file, declared, found) => ({
      en: `${file} is incomplete: it says it holds ${declared.allocations} allocation(s) and ${declared.released} release(s), but ${found.allocations} and ${found.released} are there: the file was cut off or lines were lost, and a lost release would end a quarantine early`,
      id: `${file} tidak utuh: tertulis memuat ${declared.allocations} alokasi dan ${declared.released} pelepasan, tetapi yang ada ${found.allocations} dan ${found.released}: berkas terpotong atau ada baris yang hilang, dan pelepasan yang hilang akan mengakhiri karantina terlalu cepat`,
    }),
    hint: (file) => ({
      en: `restore it from git: find the last whole version with git log -p -- ${file}, then git checkout <commit> -- ${file}; never edit the counts to make it pass`,
      id: `pulihkan dari git: cari versi utuh terakhir dengan git log -p -- ${file}, lalu git checkout <commit> -- ${file}; jangan mengubah counts agar lolos`,
    }),
  }),
  KLK813: entry<[where: LedgerEdit]>({
    summary: { en: 'warning: the ledger edited by hand in a pull request', id: 'peringatan: buku alokasi disunting manual dalam pull request' },
    text: (where) => where.kind === 'plan'
      ? {
          en: 'this pull request changes the ledger; the plan ignores that change and compares with the ledger of the base branch',
          id: 'pull request ini mengubah buku alokasi; rencana mengabaikan perubahan itu dan membandingkan dengan buku alokasi branch basis',
        }
      : {
          en: 'the allocation ledger is written by the apply job on main; a hand edit here will conflict with it or be overwritten',
          id: 'ledger alokasi ditulis oleh job apply di main; perubahan manual di sini akan bentrok atau tertimpa',
        },
    hint: (where) => where.kind === 'plan'
      ? {
          en: `only the apply job on main writes the ledger: restore it with git checkout <base> -- ${where.file} and commit`,
          id: `hanya job apply di main yang menulis buku alokasi: pulihkan dengan git checkout <basis> -- ${where.file} lalu commit`,
        }
      : {
          en: 'only the apply job on main writes the ledger: take the change out of this pull request',
          id: 'hanya job apply di main yang menulis buku alokasi: keluarkan perubahan itu dari pull request ini',
        },
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
