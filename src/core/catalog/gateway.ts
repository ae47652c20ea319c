// KLK9xx: the outcomes of a gateway run (`kolokasi gateway run`, `boot`, `rollback` and the
// watchdog), as its status file records them. Commits and digests are shown by their first 12
// characters, as git does.
import { entry, type CatalogEntry } from '../messages.ts';

function short(digest: string): string {
  return digest.slice(0, 12);
}

/** Why a published set counts as older than main. */
export type StaleCause =
  | { kind: 'requests-changed' }
  | { kind: 'ledger'; published: string; main: string };

export const GATEWAY_MESSAGES = {
  KLK900: entry<[{ commit: string }]>({
    summary: {
      en: 'gateway: the set is loaded and confirmed, every probe passed',
      id: 'gateway: set sudah dimuat dan dikonfirmasi, semua probe lolos',
    },
    text: ({ commit }) => ({
      en: `${short(commit)} is loaded and confirmed: every probe passed`,
      id: `${short(commit)} sudah dimuat dan dikonfirmasi: semua probe lolos`,
    }),
    hint: () => ({
      en: 'nothing to do: `kolokasi gateway status` shows what runs',
      id: 'tidak ada yang perlu dilakukan: `kolokasi gateway status` menunjukkan yang berjalan',
    }),
  }),

  KLK901: entry<[{ manifest: string; branch: string; commit: string }]>({
    summary: {
      en: "gateway: already running main's latest set; nothing to do",
      id: 'gateway: set terbaru main sudah berjalan; tidak ada yang perlu dilakukan',
    },
    text: ({ manifest, branch, commit }) => ({
      en: `already running the published set (manifest ${short(manifest)}, ${branch} ${short(commit)})`,
      id: `sudah menjalankan set terbitan (manifes ${short(manifest)}, ${branch} ${short(commit)})`,
    }),
    hint: () => ({
      en: 'nothing to do: the next change on main is loaded by the next run',
      id: 'tidak ada yang perlu dilakukan: perubahan berikutnya di main dimuat oleh proses berikutnya',
    }),
  }),

  KLK902: entry<[{ commit: string }]>({
    summary: {
      en: 'gateway: a probe failed after the load; the previous tables were put back',
      id: 'gateway: probe gagal setelah pemuatan; tabel sebelumnya dipulihkan',
    },
    text: ({ commit }) => ({
      en: `a probe failed after loading ${short(commit)}; the previous tables are back`,
      id: `probe gagal setelah memuat ${short(commit)}; tabel sebelumnya sudah kembali`,
    }),
    hint: () => ({
      en: "fix the cause on main (e.g. an address of the gateway's own services missing from its pool's reserved: list, which the pool guard then drops); the next run loads the fixed set",
      id: 'perbaiki penyebabnya di main (mis. alamat layanan milik gateway tidak tercantum di daftar reserved: pool-nya, sehingga diblokir oleh penjaga pool); proses berikutnya memuat set yang sudah diperbaiki',
    }),
  }),

  /** `late`: the agent's probes passed after the deadline; `watchdog`: the watchdog found the load unconfirmed. */
  KLK903: entry<[{ kind: 'late' } | { kind: 'watchdog'; commit: string }]>({
    summary: {
      en: 'gateway: not confirmed before the deadline (agent killed or hung); the watchdog put the previous tables back',
      id: 'gateway: tidak dikonfirmasi sebelum batas waktu (agen dihentikan atau macet); watchdog memulihkan tabel sebelumnya',
    },
    text: (facts) =>
      facts.kind === 'late'
        ? {
            en: 'every probe passed, but after the deadline: the watchdog had already put the previous tables back',
            id: 'semua probe lolos, tetapi setelah batas waktu: watchdog sudah memulihkan tabel sebelumnya',
          }
        : {
            en: `commit ${short(facts.commit)} was not confirmed before the deadline; the watchdog put the previous tables back`,
            id: `commit ${short(facts.commit)} tidak dikonfirmasi sebelum batas waktu; watchdog memulihkan tabel sebelumnya`,
          },
    hint: (facts) =>
      facts.kind === 'late'
        ? { en: 'raise confirmSeconds, or shorten probeTimeoutSeconds', id: 'naikkan confirmSeconds, atau perpendek probeTimeoutSeconds' }
        : {
            en: 'the agent died or hung between load and confirmation: see journalctl -u kolokasi-gateway',
            id: 'agen mati atau macet di antara pemuatan dan konfirmasi: lihat journalctl -u kolokasi-gateway',
          },
  }),

  KLK904: entry<[{ commit: string; detail: string }]>({
    summary: {
      en: 'gateway: loading failed; the previous tables were put back',
      id: 'gateway: pemuatan gagal; tabel sebelumnya dipulihkan',
    },
    text: ({ commit, detail }) => ({
      en: `loading ${short(commit)} failed; the previous tables are back: ${detail}`,
      id: `memuat ${short(commit)} gagal; tabel sebelumnya sudah kembali: ${detail}`,
    }),
    hint: () => ({
      en: 'the error above is the loader\'s (nft or iptables-restore); see journalctl -u kolokasi-gateway, fix the cause, and the next run tries again',
      id: 'galat di atas berasal dari pemuat (nft atau iptables-restore); lihat journalctl -u kolokasi-gateway, perbaiki penyebabnya, dan proses berikutnya mencoba lagi',
    }),
  }),

  KLK905: entry<[{ commit: string; deadline: string }]>({
    summary: {
      en: 'gateway: loaded, waiting for the probes (shown while a load awaits its confirmation)',
      id: 'gateway: sudah dimuat, menunggu probe (tampil selama pemuatan menunggu konfirmasi)',
    },
    text: ({ commit, deadline }) => ({
      en: `loading ${short(commit)}; the previous tables come back at ${deadline} unless every probe passes`,
      id: `memuat ${short(commit)}; tabel sebelumnya kembali pada ${deadline} kecuali semua probe lolos`,
    }),
    hint: () => ({
      en: 'wait: the run confirms or rolls back by itself',
      id: 'tunggu: proses ini mengonfirmasi atau mengembalikan dengan sendirinya',
    }),
  }),

  /** `none`: no set was ever confirmed; `loaded`: the last confirmed one (its commit when known). */
  KLK906: entry<[{ kind: 'none' } | { kind: 'loaded'; commit?: string }]>({
    summary: {
      en: 'gateway: at boot, the last confirmed set was loaded',
      id: 'gateway: saat boot, set terakhir yang dikonfirmasi dimuat',
    },
    text: (facts) =>
      facts.kind === 'none'
        ? { en: 'boot: no confirmed set yet; nothing loaded', id: 'boot: belum ada set yang dikonfirmasi; tidak ada yang dimuat' }
        : {
            en: `boot: loaded the last confirmed set${facts.commit === undefined ? '' : ` (${short(facts.commit)})`}`,
            id: `boot: set terakhir yang dikonfirmasi dimuat${facts.commit === undefined ? '' : ` (${short(facts.commit)})`}`,
          },
    hint: () => ({
      en: 'the timer loads main\'s latest set on its next run',
      id: 'timer memuat set terbaru main pada jadwal berikutnya',
    }),
  }),

  KLK907: entry<[{ commit: string }]>({
    summary: {
      en: 'gateway: rolled back by hand (`kolokasi gateway rollback`)',
      id: 'gateway: dikembalikan manual (`kolokasi gateway rollback`)',
    },
    text: ({ commit }) => ({
      en: `rolled back by hand: ${short(commit)}, the set confirmed before, is loaded again`,
      id: `rollback manual: ${short(commit)}, set yang dikonfirmasi sebelumnya, dimuat kembali`,
    }),
    hint: () => ({
      en: 'the timer loads main again on its next run: stop it (systemctl stop kolokasi-gateway.timer) until main is fixed',
      id: 'timer akan memuat main lagi pada jadwal berikutnya: hentikan (systemctl stop kolokasi-gateway.timer) sampai main diperbaiki',
    }),
  }),

  KLK908: entry({
    summary: {
      en: 'gateway: nothing to roll back to by hand: no set was confirmed before the running one',
      id: 'gateway: tidak ada yang bisa dikembalikan manual: belum ada set yang dikonfirmasi sebelum yang berjalan',
    },
    text: () => ({
      en: 'nothing to roll back to: no set was confirmed before the running one',
      id: 'tidak ada yang bisa dikembalikan: belum ada set yang dikonfirmasi sebelum yang berjalan',
    }),
    hint: () => ({
      en: 'fix main instead: the next run loads the fixed set',
      id: 'perbaiki main saja: proses berikutnya memuat set yang sudah diperbaiki',
    }),
  }),

  KLK910: entry<[{ branch: string; remote: string; detail: string }]>({
    summary: {
      en: 'gateway: the git remote cannot be fetched; nothing changed',
      id: 'gateway: remote git tidak dapat diambil; tidak ada yang berubah',
    },
    text: ({ branch, remote, detail }) => ({
      en: `cannot fetch ${branch} from ${remote}; the running tables are unchanged: ${detail}`,
      id: `tidak dapat mengambil ${branch} dari ${remote}; tabel yang berjalan tidak berubah: ${detail}`,
    }),
    hint: () => ({
      en: 'check the network path to the git server and the credentials of the kolokasi user; the next run tries again',
      id: 'periksa jalur jaringan ke server git dan kredensial pengguna kolokasi; proses berikutnya mencoba lagi',
    }),
  }),

  KLK911: entry<[{ branch: string; ledgerFile: string; stack: string }]>({
    summary: {
      en: 'gateway: main has no ledger for the stack; nothing to load',
      id: 'gateway: main tidak memiliki buku alokasi untuk stack ini; tidak ada yang dimuat',
    },
    text: ({ branch, ledgerFile, stack }) => ({
      en: `${branch} has no ${ledgerFile}: the stack ${stack} was never applied`,
      id: `${branch} tidak memiliki ${ledgerFile}: stack ${stack} belum pernah diterapkan`,
    }),
    hint: ({ stack }) => ({
      en: `check the stack name in the gateway config; else wait for the first apply of ${stack} on main`,
      id: `periksa nama stack pada konfigurasi gateway; jika benar, tunggu apply pertama ${stack} di main`,
    }),
  }),

  KLK912: entry<[{ stack: string; manifestFile: string; configBranch: string }]>({
    summary: {
      en: 'gateway: no valid published set (`<stack>/manifest.json` on `gateway-config`)',
      id: 'gateway: tidak ada set terbitan yang sah (`<stack>/manifest.json` di `gateway-config`)',
    },
    text: ({ stack, manifestFile, configBranch }) => ({
      en: `no valid ${stack}/${manifestFile} on ${configBranch}: nothing published to load`,
      id: `tidak ada ${stack}/${manifestFile} yang sah di ${configBranch}: tidak ada terbitan untuk dimuat`,
    }),
    hint: () => ({
      en: 'the apply workflow publishes the set; check its last run on main, and the next run tries again',
      id: 'workflow apply yang menerbitkan set; periksa proses terakhirnya di main, dan proses berikutnya mencoba lagi',
    }),
  }),

  KLK913: entry<[{ branch: string; commit: string; cause: StaleCause }]>({
    summary: {
      en: 'gateway: the published set is older than main (another ledger, or requests changed since; publication pending); nothing loaded',
      id: 'gateway: set terbitan lebih lama daripada main (buku alokasi lain, atau permohonan berubah sejak itu; penerbitan tertunda); tidak ada yang dimuat',
    },
    text: ({ branch, commit, cause }) => ({
      en: `the published set is older than ${branch} at ${short(commit)} (${cause.kind === 'requests-changed' ? 'requests changed since' : `ledger sha256 ${short(cause.published)}, main has ${short(cause.main)}`}); nothing loaded`,
      id: `set terbitan lebih lama daripada ${branch} pada ${short(commit)} (${cause.kind === 'requests-changed' ? 'permohonan berubah sejak itu' : `sha256 buku alokasi ${short(cause.published)}, main ${short(cause.main)}`}); tidak ada yang dimuat`,
    }),
    hint: () => ({
      en: 'the apply workflow may still be publishing; the next run tries again',
      id: 'workflow apply mungkin masih menerbitkan; proses berikutnya mencoba lagi',
    }),
  }),

  KLK914: entry<[{ branch: string; commit: string }]>({
    summary: {
      en: "gateway: the published set differs from what main's requests and ledger produce; refused",
      id: 'gateway: set terbitan berbeda dari hasil permohonan dan buku alokasi main; ditolak',
    },
    text: ({ branch, commit }) => ({
      en: `the published set differs from what ${branch}'s requests and ledger produce at ${short(commit)}; refused, nothing loaded`,
      id: `set terbitan berbeda dari hasil permohonan dan buku alokasi ${branch} pada ${short(commit)}; ditolak, tidak ada yang dimuat`,
    }),
    hint: () => ({
      en: 'the differences are listed below: make sure the gateway runs the kolokasi version of main; if it does, find out who wrote the published set',
      id: 'perbedaannya tercantum di bawah: pastikan gateway menjalankan versi kolokasi yang sama dengan main; jika sudah, cari tahu siapa yang menulis set terbitan',
    }),
  }),

  /** `no-set`: main fails (its report attached); `ledger`: main's ledger is not what its requests give. */
  KLK915: entry<[{ kind: 'no-set'; branch: string; commit: string; report: string } | { kind: 'ledger'; commit: string }]>({
    summary: {
      en: 'gateway: main does not produce an output set (invalid, or its ledger is not what its requests give); refused',
      id: 'gateway: main tidak menghasilkan set keluaran (tidak sah, atau buku alokasinya tidak sesuai dengan permohonannya); ditolak',
    },
    text: (facts) =>
      facts.kind === 'no-set'
        ? {
            en: `${facts.branch} at ${short(facts.commit)} does not produce an output set; nothing loaded:\n${facts.report.trimEnd()}`,
            id: `${facts.branch} pada ${short(facts.commit)} tidak menghasilkan set keluaran; tidak ada yang dimuat:\n${facts.report.trimEnd()}`,
          }
        : {
            en: `the ledger at ${short(facts.commit)} is not what its requests give (apply would change it); nothing loaded`,
            id: `buku alokasi pada ${short(facts.commit)} tidak sesuai dengan permohonannya (apply akan mengubahnya); tidak ada yang dimuat`,
          },
    hint: (facts) =>
      facts.kind === 'no-set'
        ? { en: 'fix main as the report says; the next run tries again', id: 'perbaiki main sesuai laporan; proses berikutnya mencoba lagi' }
        : {
            en: 'run the apply on main (it commits the ledger its requests give); the next run tries again',
            id: 'jalankan apply di main (apply meng-commit buku alokasi sesuai permohonannya); proses berikutnya mencoba lagi',
          },
  }),

  KLK916: entry<[{ stack: string; target: string; missing: readonly string[] }]>({
    summary: {
      en: "gateway: the stack does not render the agent's firewall target",
      id: 'gateway: stack tidak membuat target firewall milik agen',
    },
    text: ({ stack, target, missing }) => ({
      en: `the stack ${stack} does not render ${target} (${missing.join(', ')} missing); add it to firewall.targets`,
      id: `stack ${stack} tidak membuat ${target} (${missing.join(', ')} tidak ada); tambahkan ke firewall.targets`,
    }),
    hint: ({ stack, target }) => ({
      en: `add ${target} to firewall.targets in the config of ${stack}, or set the agent's target to one the stack renders`,
      id: `tambahkan ${target} ke firewall.targets pada konfigurasi ${stack}, atau atur target agen ke salah satu yang dibuat stack`,
    }),
  }),

  /** `locked`: another run holds the lock; `waiting`: a load awaits its confirmation. */
  KLK920: entry<[{ kind: 'locked' | 'waiting' }]>({
    summary: {
      en: 'gateway: busy (another run holds the lock, or a load awaits its confirmation); nothing done',
      id: 'gateway: sibuk (proses lain memegang kunci, atau pemuatan menunggu konfirmasi); tidak ada yang dilakukan',
    },
    text: ({ kind }) =>
      kind === 'locked'
        ? { en: 'another kolokasi gateway run holds the lock; nothing done', id: 'proses kolokasi gateway lain memegang kunci; tidak ada yang dilakukan' }
        : { en: 'a load is waiting for its confirmation; nothing done', id: 'sebuah pemuatan masih menunggu konfirmasi; tidak ada yang dilakukan' },
    hint: () => ({
      en: 'nothing to fix: the next run of the timer goes ahead once this one is done',
      id: 'tidak ada yang perlu diperbaiki: jadwal berikutnya dari timer berjalan setelah yang ini selesai',
    }),
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
