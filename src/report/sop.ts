// The ten steps of SOP No. 067/26/SOP/DKISP/2022 "Layanan Colocation Server", with the desk time
// the SOP gives each, and what replaces each step in the pull-request flow. The installation
// reports set the elapsed time read from git against these numbers.
import type { Text } from '../core/model.ts';

export const SOP_NUMBER = '067/26/SOP/DKISP/2022';

/** Which part of a request's timeline a step belongs to, for setting elapsed time against it. */
export type SopPhase = 'decision' | 'configuration' | 'installation' | 'report';

export interface SopStep {
  number: number;
  activity: Text;
  who: Text;
  minutes: number;
  replacedBy: Text;
  phase: SopPhase;
  /** Whether the pipeline does the step's desk work: all of it, part of it (people still decide), or none. */
  automated: 'full' | 'partial' | 'none';
}

export const SOP_STEPS: readonly SopStep[] = [
  {
    number: 1,
    activity: { en: 'Request letter for colocation', id: 'Surat permohonan layanan colocation server' },
    who: { en: 'OPD', id: 'OPD' },
    minutes: 2,
    replacedBy: { en: 'pull request adding the request file', id: 'pull request yang menambahkan berkas permohonan' },
    automated: 'none',
    phase: 'decision',
  },
  {
    number: 2,
    activity: { en: 'Scan, register the letter, attach the disposition sheet', id: 'Scanning surat, mengagendakan surat, melengkapi lembar disposisi' },
    who: { en: 'General affairs', id: 'Bagian Umum' },
    minutes: 3,
    replacedBy: { en: 'the pull request itself: numbered, timestamped, searchable', id: 'pull request itu sendiri: bernomor, bercap waktu, dapat dicari' },
    automated: 'full',
    phase: 'decision',
  },
  {
    number: 3,
    activity: { en: 'Disposition to the applications division', id: 'Disposisi Kepala DKISP ke Bidang Aplikasi Informatika' },
    who: { en: 'Head of DKISP', id: 'Kepala DKISP' },
    minutes: 2,
    replacedBy: { en: 'CODEOWNERS route the pull request to its reviewers', id: 'CODEOWNERS meneruskan pull request ke peninjaunya' },
    automated: 'full',
    phase: 'decision',
  },
  {
    number: 4,
    activity: { en: 'Review with the list of available public IPs', id: 'Pengkajian oleh Kabid Aplikasi Informatika bersama Sub Koordinator' },
    who: { en: 'Applications division', id: 'Bidang Aplikasi' },
    minutes: 5,
    replacedBy: { en: 'automatic checks and the plan comment with the address to be given', id: 'pemeriksaan otomatis dan komentar rencana berisi alamat yang akan diberikan' },
    automated: 'partial',
    phase: 'decision',
  },
  {
    number: 5,
    activity: { en: 'Decision: approved or not, follow-up letter', id: 'Keputusan: disetujui/dapat dilaksanakan atau tidak, surat tindak lanjut' },
    who: { en: 'Applications division / Head', id: 'Bidang Aplikasi / Kepala' },
    minutes: 30,
    replacedBy: { en: 'required approvals and the merge', id: 'persetujuan yang diwajibkan dan merge' },
    automated: 'none',
    phase: 'decision',
  },
  {
    number: 6,
    activity: { en: 'Create and configure the IP and network of the server', id: 'Pembuatan dan konfigurasi IP dan jaringan internet server' },
    who: { en: 'Applications division / NOC', id: 'Bidang Aplikasi / NOC' },
    minutes: 15,
    replacedBy: { en: 'kolokasi apply: address in the ledger, DNS record, firewall/NAT configuration', id: 'kolokasi apply: alamat di ledger, rekaman DNS, konfigurasi firewall/NAT' },
    automated: 'full',
    phase: 'configuration',
  },
  {
    number: 7,
    activity: { en: 'Installation notice letter', id: 'Surat pemberitahuan instalasi server' },
    who: { en: 'Applications division', id: 'Bidang Aplikasi' },
    minutes: 25,
    replacedBy: { en: 'the allocation comment on the merged pull request and this report', id: 'komentar alokasi pada pull request yang di-merge dan laporan ini' },
    automated: 'full',
    phase: 'configuration',
  },
  {
    number: 8,
    activity: { en: 'Configure and install the server in the NOC', id: 'Konfigurasi dan instalasi server pada NOC' },
    who: { en: 'NOC / OPD team', id: 'NOC / Tim OPD' },
    minutes: 90,
    replacedBy: { en: 'unchanged, done by hand; the configuration data below comes from kolokasi', id: 'tetap dikerjakan manual; data konfigurasi di bawah berasal dari kolokasi' },
    automated: 'none',
    phase: 'installation',
  },
  {
    number: 9,
    activity: { en: 'Report the installation', id: 'Melaporkan pelaksanaan pemasangan server' },
    who: { en: 'Applications division', id: 'Bidang Aplikasi' },
    minutes: 2,
    replacedBy: { en: 'this report, generated from the repository history', id: 'laporan ini, dibuat dari riwayat repositori' },
    automated: 'full',
    phase: 'report',
  },
  {
    number: 10,
    activity: { en: 'Work done', id: 'Pekerjaan selesai' },
    who: { en: '', id: '' },
    minutes: 2,
    replacedBy: { en: 'the report and the ledger commit are the record', id: 'laporan dan commit ledger menjadi arsipnya' },
    automated: 'full',
    phase: 'report',
  },
];

/** 176 minutes: the SOP's desk time per request. */
export const SOP_TOTAL_MINUTES = SOP_STEPS.reduce((sum, step) => sum + step.minutes, 0);

export function phaseMinutes(phase: SopPhase): number {
  return SOP_STEPS.filter((s) => s.phase === phase).reduce((sum, s) => sum + s.minutes, 0);
}

/** Desk minutes the pipeline takes over completely, and the steps concerned. */
export function automatedMinutes(): { minutes: number; steps: number[] } {
  const steps = SOP_STEPS.filter((s) => s.automated === 'full');
  return { minutes: steps.reduce((sum, s) => sum + s.minutes, 0), steps: steps.map((s) => s.number) };
}

export function phaseSteps(phase: SopPhase): string {
  const numbers = SOP_STEPS.filter((s) => s.phase === phase).map((s) => s.number);
  return numbers.length === 1 ? `${numbers[0]}` : `${numbers[0]}-${numbers[numbers.length - 1]}`;
}
