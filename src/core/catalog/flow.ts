// KLK8xx: the path of a change to main: who must sign it off (.github/approvers.yaml), what one
// pull request may mix, the sign-off gate of plan and apply, and main's ruleset.
import type { Text } from '../model.ts';
import { entry, type CatalogEntry } from '../messages.ts';

/** What a changed path is, as the scope check of a pull request sorts it. */
export type ChangedPathKind = 'request' | 'registry' | 'ledger' | 'stack' | 'schema' | 'code' | 'github' | 'docs' | 'other';

const PATH_KIND_NAMES: Record<ChangedPathKind, Text> = {
  request: { en: 'requests', id: 'permohonan' },
  registry: { en: 'the OPD registry', id: 'daftar OPD' },
  ledger: { en: 'the allocation ledger', id: 'ledger alokasi' },
  stack: { en: 'stack config (pools, firewall)', id: 'konfigurasi stack (pool, firewall)' },
  schema: { en: 'schemas', id: 'skema' },
  code: { en: 'code', id: 'kode' },
  github: { en: 'GitHub workflows and settings', id: 'workflow dan pengaturan GitHub' },
  docs: { en: 'documentation', id: 'dokumentasi' },
  other: { en: 'other files', id: 'berkas lain' },
};

/** What the gate does with a request change it holds, by what the change was. */
const HELD_EFFECT: Record<'added' | 'changed' | 'deleted', Text> = {
  added: { en: 'not allocated', id: 'tidak dialokasikan' },
  changed: { en: 'kept as last applied', id: 'tetap seperti yang terakhir diterapkan' },
  deleted: { en: 'not released', id: 'tidak dilepas' },
};

export type MissingTeam =
  /** No `ruleset:` section at all; the hint shows the first required role. */
  | { kind: 'no-section'; firstRole: string }
  | { kind: 'no-team'; role: string };

export const FLOW_MESSAGES = {
  KLK801: entry<[{ role: string }]>({
    summary: {
      en: '`.github/approvers.yaml`: a required role has no holders defined',
      id: '`.github/approvers.yaml`: peran wajib belum punya pemegang',
    },
    text: ({ role }) => ({
      en: `required role '${role}' is not defined under roles`,
      id: `peran wajib '${role}' tidak didefinisikan di roles`,
    }),
    hint: ({ role }) => ({
      en: `add '${role}: [login, ...]' under roles, or remove it from required`,
      id: `tambahkan '${role}: [login, ...]' di bawah roles, atau hapus dari required`,
    }),
  }),

  KLK811: entry<[{ opds: readonly string[] }]>({
    summary: {
      en: 'warning: a pull request changes requests of several OPDs',
      id: 'peringatan: satu pull request mengubah permohonan beberapa OPD',
    },
    text: ({ opds }) => ({
      en: `this pull request changes requests of ${opds.length} OPDs (${opds.join(', ')}); one pull request per OPD lets each OPD team review and answer for its own request`,
      id: `pull request ini mengubah permohonan ${opds.length} OPD (${opds.join(', ')}); satu pull request per OPD agar setiap tim OPD meninjau dan bertanggung jawab atas permohonannya sendiri`,
    }),
    hint: () => ({
      en: 'split the pull request: one per OPD',
      id: 'pecah pull request-nya: satu per OPD',
    }),
  }),

  KLK812: entry<[{ kinds: readonly ChangedPathKind[] }]>({
    summary: {
      en: 'warning: requests changed together with stacks, schemas or code',
      id: 'peringatan: permohonan diubah bersama stack, skema atau kode',
    },
    text: ({ kinds }) => ({
      en: `requests are changed together with ${kinds.map((k) => PATH_KIND_NAMES[k].en).join(', ')}; split them so that a request is signed on its own and infrastructure changes get their own review`,
      id: `permohonan diubah bersama ${kinds.map((k) => PATH_KIND_NAMES[k].id).join(', ')}; pisahkan agar permohonan ditandatangani tersendiri dan perubahan infrastruktur ditinjau tersendiri`,
    }),
    hint: () => ({
      en: 'move the requests into a pull request of their own',
      id: 'pindahkan permohonan ke pull request tersendiri',
    }),
  }),

  KLK820: entry<[{ reason: Text; change: 'added' | 'changed' | 'deleted' }]>({
    summary: {
      en: 'warning: a request change without a verified sign-off is held (not allocated, not changed, not released)',
      id: 'peringatan: perubahan permohonan tanpa tanda tangan terverifikasi ditahan (tidak dialokasikan, tidak diubah, tidak dilepas)',
    },
    text: ({ reason, change }) => ({
      en: `${reason.en}; ${HELD_EFFECT[change].en}`,
      id: `${reason.id}; ${HELD_EFFECT[change].id}`,
    }),
    hint: () => ({
      en: 'merge the change through a pull request approved by every required role at its head commit, then run the apply again',
      id: 'gabungkan perubahan lewat pull request yang disetujui semua peran wajib pada commit head-nya, lalu jalankan apply lagi',
    }),
  }),

  KLK821: entry<[{ emergency: string }]>({
    summary: {
      en: 'warning: a request change applied without sign-off by the emergency path',
      id: 'peringatan: perubahan permohonan diterapkan tanpa tanda tangan lewat jalur darurat',
    },
    text: ({ emergency }) => ({
      en: `applied without sign-off: ${emergency}`,
      id: `diterapkan tanpa tanda tangan: ${emergency}`,
    }),
    hint: () => ({
      en: 'have the change approved after the fact; the ledger commit records the emergency',
      id: 'mintakan persetujuan atas perubahan ini setelahnya; commit ledger mencatat keadaan darurat ini',
    }),
  }),

  KLK822: entry<[{ detail: string }]>({
    summary: {
      en: 'the `--signoff` file is not valid JSON',
      id: 'berkas `--signoff` bukan JSON yang sah',
    },
    text: ({ detail }) => ({
      en: `not valid JSON: ${detail}`,
      id: `bukan JSON yang sah: ${detail}`,
    }),
    hint: () => ({
      en: 'pass the file written by `kolokasi ci verify-signoff --out`, unchanged',
      id: 'berikan berkas yang ditulis `kolokasi ci verify-signoff --out`, tanpa diubah',
    }),
  }),

  KLK840: entry<[MissingTeam]>({
    summary: {
      en: '`.github/approvers.yaml`: no `ruleset` section, or a required role without a team under `ruleset.reviewerTeams`',
      id: '`.github/approvers.yaml`: tidak ada bagian `ruleset`, atau peran wajib tanpa tim di `ruleset.reviewerTeams`',
    },
    text: (missing) =>
      missing.kind === 'no-section'
        ? {
            en: 'no ruleset section: the ruleset needs the GitHub team of every required role',
            id: 'tidak ada bagian ruleset: ruleset memerlukan tim GitHub untuk setiap peran wajib',
          }
        : {
            en: `required role '${missing.role}' has no team under ruleset.reviewerTeams`,
            id: `peran wajib '${missing.role}' tidak punya tim di ruleset.reviewerTeams`,
          },
    hint: (missing) =>
      missing.kind === 'no-section'
        ? {
            en: `add 'ruleset: { reviewerTeams: { ${missing.firstRole}: { team: org/team-slug, id: N } } }' for each role in required (id: gh api orgs/ORG/teams/SLUG --jq .id)`,
            id: `tambahkan 'ruleset: { reviewerTeams: { ${missing.firstRole}: { team: org/team-slug, id: N } } }' untuk setiap peran di required (id: gh api orgs/ORG/teams/SLUG --jq .id)`,
          }
        : {
            en: `add '${missing.role}: { team: org/team-slug, id: N }' under ruleset.reviewerTeams, a team whose members are exactly the holders of '${missing.role}'`,
            id: `tambahkan '${missing.role}: { team: org/team-slug, id: N }' di bawah ruleset.reviewerTeams, tim yang anggotanya tepat pemegang peran '${missing.role}'`,
          },
  }),

  KLK841: entry<[{ first: string; second: string; team: number }]>({
    summary: {
      en: '`.github/approvers.yaml`: two roles share one reviewer team in `ruleset.reviewerTeams`',
      id: '`.github/approvers.yaml`: dua peran memakai satu tim peninjau yang sama di `ruleset.reviewerTeams`',
    },
    text: ({ first, second, team }) => ({
      en: `roles '${first}' and '${second}' share team ${team}: one member's approval would count for both`,
      id: `peran '${first}' dan '${second}' memakai tim yang sama (${team}): persetujuan satu anggota terhitung untuk keduanya`,
    }),
    hint: () => ({
      en: 'give each role its own team',
      id: 'berikan setiap peran timnya sendiri',
    }),
  }),

  KLK842: entry<[{ role: string; required: readonly string[] }]>({
    summary: {
      en: '`.github/approvers.yaml`: `ruleset.reviewerTeams` names a role that is not required',
      id: '`.github/approvers.yaml`: `ruleset.reviewerTeams` menyebut peran yang bukan peran wajib',
    },
    text: ({ role }) => ({
      en: `ruleset.reviewerTeams names '${role}', which is not a required role`,
      id: `ruleset.reviewerTeams menyebut '${role}', yang bukan peran wajib`,
    }),
    hint: ({ role, required }) => ({
      en: `use one of: ${required.join(', ')}; or add '${role}' to required`,
      id: `gunakan salah satu: ${required.join(', ')}; atau tambahkan '${role}' ke required`,
    }),
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
