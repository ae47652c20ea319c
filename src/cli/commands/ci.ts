// `kolokasi ci <step>`: the steps the GitHub Actions workflows run. The table holds names and
// summaries only; a step's module is imported when the step runs.
import type { CommandGroup } from '../command.ts';

const steps = async () => import('./ci-steps.ts');

export const ciCommand: CommandGroup = {
  subcommands: [
    {
      name: 'plan-comment',
      summary: {
        en: "post the plan of a stack on its pull request (edited in place) and in the job's summary",
        id: 'kirim rencana sebuah stack ke pull request-nya (komentar yang sama diperbarui) dan ke ringkasan job',
      },
      load: async () => (await steps()).planCommentStep,
    },
    {
      name: 'fetch-reviews',
      summary: {
        en: "save every review of a pull request as JSON, for 'kolokasi signoff'",
        id: "simpan semua ulasan sebuah pull request sebagai JSON, untuk 'kolokasi signoff'",
      },
      load: async () => (await steps()).fetchReviewsStep,
    },
    {
      name: 'verify-signoff',
      summary: {
        en: 'on main: check each request changed since the last ledger commit was approved by every role; write the record for apply --signoff',
        id: 'di main: periksa setiap permohonan yang berubah sejak commit ledger terakhir sudah disetujui semua peran; tulis catatannya untuk apply --signoff',
      },
      load: async () => (await steps()).verifySignoffStep,
    },
    {
      name: 'install-notice',
      summary: {
        en: 'comment the installation notice (addresses, names, released servers) on the merged pull requests',
        id: 'kirim pemberitahuan pemasangan (alamat, nama, server yang dilepas) ke pull request yang sudah digabung',
      },
      load: async () => (await steps()).installNoticeStep,
    },
    {
      name: 'publish-configs',
      summary: {
        en: "commit a stack's rendered gateway configuration to the configuration branch and push it",
        id: 'commit konfigurasi gateway sebuah stack ke branch konfigurasi dan push',
      },
      load: async () => (await steps()).publishConfigsStep,
    },
    {
      name: 'drift',
      summary: {
        en: "open, update or close the stack's drift issue after a pulumi preview",
        id: 'buka, perbarui atau tutup issue drift sebuah stack setelah pulumi preview',
      },
      load: async () => (await steps()).driftStep,
    },
  ],
};
