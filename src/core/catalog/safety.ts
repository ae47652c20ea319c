// KLK5xx: the safety gate, which refuses a plan that releases, deletes or moves too much at once
// unless it is forced.
import type { Text } from '../model.ts';
import { entry, type CatalogEntry } from '../messages.ts';

/** The gate's two limits, both of which a count must pass to be refused. */
export interface SafetyLimits {
  maxCount: number;
  maxPercent: number;
}

function limitsText({ maxCount, maxPercent }: SafetyLimits): Text {
  return { en: `the limits are ${maxCount} and ${maxPercent}%`, id: `batasnya ${maxCount} dan ${maxPercent}%` };
}

function share(count: number, existing: number): string {
  if (existing === 0) return '100';
  const value = (count * 100) / existing;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

const LISTED = 10;

function listed(ids: readonly string[]): string {
  const head = ids.slice(0, LISTED).join(', ');
  return ids.length > LISTED ? `${head}, … (+${ids.length - LISTED})` : head;
}

export const SAFETY_MESSAGES = {
  KLK501: entry<[{ released: readonly string[]; existing: number; limits: SafetyLimits }]>({
    summary: {
      en: 'unsafe plan: too many allocations released (refused without `--force`)',
      id: 'rencana tidak aman: terlalu banyak alokasi dilepas (ditolak tanpa `--force`)',
    },
    text: ({ released, existing, limits }) => ({
      en: `${released.length} of ${existing} allocations would be released (${share(released.length, existing)}%), more than both limits (${limitsText(limits).en}): ${listed(released)}`,
      id: `${released.length} dari ${existing} alokasi akan dilepas (${share(released.length, existing)}%), melebihi kedua batas (${limitsText(limits).id}): ${listed(released)}`,
    }),
    hint: () => ({
      en: 'check that no request file was deleted by mistake; if the releases are meant, run again with --force',
      id: 'pastikan tidak ada berkas permohonan yang terhapus tanpa sengaja; jika pelepasan ini disengaja, jalankan lagi dengan --force',
    }),
  }),

  KLK502: entry<[{ deleted: number; existing: number; limits: SafetyLimits }]>({
    summary: {
      en: 'unsafe plan: too many DNS records deleted (refused without `--force`)',
      id: 'rencana tidak aman: terlalu banyak rekaman DNS dihapus (ditolak tanpa `--force`)',
    },
    text: ({ deleted, existing, limits }) => ({
      en: `${deleted} of ${existing} DNS records would be deleted (${share(deleted, existing)}%), more than both limits (${limitsText(limits).en})`,
      id: `${deleted} dari ${existing} rekaman DNS akan dihapus (${share(deleted, existing)}%), melebihi kedua batas (${limitsText(limits).id})`,
    }),
    hint: () => ({
      en: 'check that no request file was deleted and no fqdn changed by mistake; if the deletions are meant, run again with --force',
      id: 'pastikan tidak ada berkas permohonan yang terhapus dan tidak ada fqdn yang berubah tanpa sengaja; jika penghapusan ini disengaja, jalankan lagi dengan --force',
    }),
  }),

  KLK503: entry<[{ request: string; moves: readonly { field: string; from: string; to: string }[] }]>({
    summary: {
      en: 'unsafe plan: an existing allocation would move (refused without `--force`)',
      id: 'rencana tidak aman: alokasi yang ada akan berpindah (ditolak tanpa `--force`)',
    },
    text: ({ request, moves }) => {
      const what = moves.map((m) => `${m.field} ${m.from} → ${m.to}`).join(', ');
      return { en: `the allocation of ${request} would move: ${what}`, id: `alokasi ${request} akan berpindah: ${what}` };
    },
    hint: () => ({
      en: 'a live server keeps its addresses: check the pinned addresses of the request and the ledger; if the move is meant, run again with --force',
      id: 'server yang berjalan tetap memakai alamatnya: periksa alamat yang dipatok pada permohonan dan buku alokasi; jika perpindahan ini disengaja, jalankan lagi dengan --force',
    }),
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
