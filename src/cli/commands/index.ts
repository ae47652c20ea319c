// The command table, in the order `--help` shows them: each command's name and summary, and its
// module, imported only when the command runs, so that `--help` and each command load only what
// they use.
import type { CommandEntry } from '../command.ts';

export const COMMANDS: CommandEntry[] = [
  {
    name: 'validate',
    summary: {
      en: 'check requests against the schema, each other and the stack policy (writes nothing)',
      id: 'periksa permohonan terhadap skema, satu sama lain dan kebijakan stack (tidak menulis apa pun)',
    },
    load: async () => (await import('./validate.ts')).validateCommand,
  },
  {
    name: 'plan',
    summary: {
      en: 'show everything apply would change, compared with the ledger (writes nothing)',
      id: 'tampilkan semua yang akan diubah apply, dibandingkan dengan buku alokasi (tidak menulis apa pun)',
    },
    load: async () => (await import('./plan.ts')).planCommand,
  },
  {
    name: 'apply',
    summary: {
      en: 'allocate addresses, update the ledger and write the gateway and zone configs',
      id: 'alokasikan alamat, perbarui buku alokasi dan tulis konfigurasi gateway dan zona',
    },
    load: async () => (await import('./apply.ts')).applyCommand,
  },
  {
    name: 'pool',
    summary: {
      en: "each pool's used, free, reserved and quarantined addresses (writes nothing)",
      id: 'alamat terpakai, bebas, dicadangkan dan dikarantina di setiap pool (tidak menulis apa pun)',
    },
    load: async () => (await import('./pool.ts')).poolCommand,
  },
  {
    name: 'new',
    summary: {
      en: 'write a commented request skeleton requests/<opd>/<name>.yaml',
      id: 'tulis kerangka permohonan berkomentar requests/<opd>/<nama>.yaml',
    },
    load: async () => (await import('./new.ts')).newCommand,
  },
  {
    name: 'signoff',
    summary: {
      en: "decide whether a pull request's reviews fill every required sign-off role (writes nothing)",
      id: 'putuskan apakah ulasan pull request sudah memenuhi semua peran penanda tangan (tidak menulis apa pun)',
    },
    load: async () => (await import('./signoff.ts')).signoffCommand,
  },
  {
    name: 'codeowners',
    summary: {
      en: 'write .github/CODEOWNERS from the OPD registry; --check: exit 1 when it is out of date',
      id: 'tulis .github/CODEOWNERS dari daftar OPD; --check: keluar 1 bila belum mutakhir',
    },
    load: async () => (await import('./codeowners.ts')).codeownersCommand,
  },
  {
    name: 'scope',
    summary: {
      en: 'warn when a pull request mixes several OPDs, or requests with infrastructure or code',
      id: 'peringatkan bila pull request mencampur beberapa OPD, atau permohonan dengan infrastruktur atau kode',
    },
    load: async () => (await import('./scope.ts')).scopeCommand,
  },
  {
    name: 'ruleset',
    summary: {
      en: 'write the ruleset of main (required reviewers per role, checks) from .github/approvers.yaml; --check: compare with GitHub',
      id: 'tulis ruleset main (peninjau wajib per peran, pemeriksaan) dari .github/approvers.yaml; --check: bandingkan dengan GitHub',
    },
    load: async () => (await import('./ruleset.ts')).rulesetCommand,
  },
  {
    name: 'commit-ledger',
    summary: {
      en: 'commit and push the allocation ledger as the bot; on a concurrent push, re-apply and retry',
      id: 'commit dan push ledger alokasi sebagai bot; bila ada push bersamaan, apply ulang dan coba lagi',
    },
    load: async () => (await import('./commit-ledger.ts')).commitLedgerCommand,
  },
  {
    name: 'report',
    summary: {
      en: 'write the inventory, pool pictures and installation reports (Indonesian unless --lang en)',
      id: 'tulis inventaris, gambar pool dan laporan pemasangan (bahasa Indonesia kecuali --lang en)',
    },
    load: async () => (await import('./report.ts')).reportCommand,
  },
  {
    name: 'gateway',
    summary: {
      en: 'on the gateway: load what main produces, confirmed by probes or rolled back by a watchdog',
      id: 'di gateway: muat hasil main, dikonfirmasi oleh probe atau dikembalikan oleh watchdog',
    },
    load: async () => (await import('./gateway.ts')).gatewayCommand,
  },
  {
    name: 'ci',
    summary: {
      en: 'the steps the GitHub Actions workflows run (plan comment, sign-off check, publishing, notices, drift)',
      id: 'langkah-langkah yang dijalankan workflow GitHub Actions (komentar rencana, pemeriksaan tanda tangan, penerbitan, pemberitahuan, drift)',
    },
    load: async () => (await import('./ci.ts')).ciCommand,
  },
];
