// The installation report of one request (SOP steps 9-10, "Laporan dan Dokumentasi"): who asked,
// who approved, when it was applied (and released), what the NOC needs to rack the server, which
// SOP step each part of the flow replaced, and the elapsed time set against the SOP's step times.
// Built once as a document (document.ts) and written twice: Markdown for the repository, a
// printable HTML page for the paper archive (SOP step 10).
import type { Lang, Text } from '../core/model.ts';
import type { ReportData, ReportRequest, TimelineEvent } from './model.ts';
import { NONE, STATE_WORDS, UNKNOWN, accessText, formatDuration, formatTime, laporanPath, minutesBetween, portText } from './format.ts';
import { historyNote } from './inventory.ts';
import { SOP_NUMBER, SOP_STEPS, SOP_TOTAL_MINUTES, automatedMinutes, phaseMinutes, phaseSteps, type SopPhase } from './sop.ts';
import { documentHtml, documentMarkdown, type Block, type ReportDocument, type Rich } from './document.ts';

const SHORT_HASH = 10;

// What the SOP says, the same in every report: worked out once, not for each of 10,000 requests.
const PHASE_STEPS: Record<SopPhase, string> = {
  decision: phaseSteps('decision'),
  configuration: phaseSteps('configuration'),
  installation: phaseSteps('installation'),
  report: phaseSteps('report'),
};
const PHASE_MINUTES: Record<SopPhase, number> = {
  decision: phaseMinutes('decision'),
  configuration: phaseMinutes('configuration'),
  installation: phaseMinutes('installation'),
  report: phaseMinutes('report'),
};
const AUTOMATED = automatedMinutes();
const SOP_TIMES_NOTE: Text = {
  id: `Waktu SOP adalah waktu kerja petugas per permohonan, belum termasuk hari-hari surat menunggu di meja; waktu tempuh di atas adalah waktu kalender. Langkah ${AUTOMATED.steps.join(', ')} (${AUTOMATED.minutes} menit waktu kerja menurut SOP) kini dikerjakan otomatis; langkah 1, 4 dan 5 tetap keputusan manusia, langkah 8 tetap pekerjaan fisik.`,
  en: `SOP times are staff desk time per request, not counting the days a letter waits between desks; the elapsed times above are calendar time. Steps ${AUTOMATED.steps.join(', ')} (${AUTOMATED.minutes} minutes of desk time by the SOP) are now done automatically; steps 1, 4 and 5 remain human decisions, step 8 remains physical work.`,
};
/** The cells of each SOP step a report does not change (all but the record), per language. */
const SOP_STEP_CELLS: Record<Lang, readonly Rich[][]> = {
  id: sopStepCells('id'),
  en: sopStepCells('en'),
};

function sopStepCells(lang: Lang): Rich[][] {
  const id = lang === 'id';
  return SOP_STEPS.map((step) => [[String(step.number)], [step.activity[lang]], [step.who[lang]], [`${step.minutes} ${id ? 'menit' : 'min'}`], [step.replacedBy[lang]]]);
}

function commitCell(event: TimelineEvent | undefined): Rich {
  return event?.commit ? [{ code: event.commit.slice(0, SHORT_HASH) }] : [];
}

function l(lang: Lang, text: Text): string {
  return text[lang];
}

export function laporanTitle(request: Pick<ReportRequest, 'id'>, lang: Lang): string {
  return lang === 'id' ? `Laporan pemasangan server colocation: ${request.id}` : `Colocation server installation report: ${request.id}`;
}

export function buildLaporan(request: ReportRequest, data: ReportData, lang: Lang, document = laporanDocument(request, data, lang)): string {
  return documentMarkdown(document);
}

/**
 * The same report as a printable page, linked from index.html beside the Markdown. `document` is
 * there for a caller that writes both files: it is built once for the two.
 */
export function buildLaporanHtml(request: ReportRequest, data: ReportData, lang: Lang, document = laporanDocument(request, data, lang)): string {
  const id = lang === 'id';
  return documentHtml(document, [
    { href: '../index.html', text: id ? 'Kembali ke inventaris' : 'Back to the inventory' },
    { href: `../${laporanPath(request.id)}`, text: id ? 'Versi Markdown' : 'Markdown version' },
  ]);
}

export function laporanDocument(request: ReportRequest, data: ReportData, lang: Lang): ReportDocument {
  const id = lang === 'id';
  const { timeline, details } = request;
  const out: Block[] = [];
  const table = (header: readonly string[], rows: readonly (readonly Rich[])[], align?: readonly ('l' | 'r')[], tableId?: string) =>
    out.push({ kind: 'table', header, rows, ...(align ? { align } : {}), ...(tableId !== undefined ? { id: tableId } : {}) });
  const heading = (level: 2 | 3, text: string) => out.push({ kind: 'heading', level, text });
  const paragraph = (...content: Rich) => out.push({ kind: 'paragraph', content });

  // ------------------------------------------------------------ summary
  const approvers = timeline.approved?.approvers ?? [];
  const summary: [string, Rich][] = [
    ['OPD', [`${request.opdName} (`, { code: request.opd }, ')']],
    [id ? 'Status' : 'State', [{ strong: STATE_WORDS[request.state][lang] }]],
    [id ? 'Berkas permohonan' : 'Request file', [{ code: request.file }, ...(details ? [] : [id ? ' (sudah dihapus)' : ' (deleted)'])]],
  ];
  if (timeline.moved) {
    summary.push([id ? 'Dipindah dari' : 'Moved from', timeline.moved.flatMap((move, i) => [...(i > 0 ? [', '] : []), { code: move.from }])]);
  }
  if (details) {
    summary.push([id ? 'Nomor surat permohonan' : 'Request letter number', [`${details.letter.number} (${details.letter.date})`]]);
    summary.push([id ? 'Kontak' : 'Contact', [[details.contact.name, details.contact.email, details.contact.phone].join(', ')]]);
  }
  summary.push(['Pull request', [timeline.approved?.pullRequest !== undefined ? `#${timeline.approved.pullRequest}` : l(lang, UNKNOWN)]]);
  summary.push([id ? 'Disetujui oleh' : 'Approved by', [approvers.length > 0 ? approvers.join(', ') : l(lang, UNKNOWN)]]);
  summary.push([id ? 'Laporan dibuat' : 'Report made', [`${formatTime(data.generatedAt, lang)} (stack `, { code: data.stack }, ')']]);
  table([id ? 'Butir' : 'Item', id ? 'Keterangan' : 'Value'], summary.map(([label, value]) => [[label], value]));
  const note = historyNote(data, lang);
  if (note) out.push({ kind: 'note', text: note });

  // ------------------------------------------------------------ timeline
  heading(2, id ? 'Linimasa' : 'Timeline');
  const rows: Rich[][] = [];
  const event = (label: string, e: TimelineEvent | undefined, by?: string) => rows.push([[label], [formatTime(e?.at, lang)], commitCell(e), [by ?? e?.by ?? '']]);
  event(id ? 'Diajukan (berkas permohonan ditambahkan)' : 'Requested (request file added)', timeline.requested);
  if (request.state !== 'pending' || timeline.approved) {
    const pr = timeline.approved?.pullRequest !== undefined ? ` (PR #${timeline.approved.pullRequest})` : '';
    event(`${id ? 'Disetujui dan di-merge' : 'Approved and merged'}${pr}`, timeline.approved, approvers.join(', '));
  }
  if (request.state !== 'pending') event(id ? 'Diterapkan (alamat dicatat di ledger)' : 'Applied (addresses recorded in the ledger)', timeline.applied);
  for (const move of timeline.moved ?? []) {
    event(id ? `Dipindah dari ${move.from} (alamat tetap)` : `Moved from ${move.from} (addresses kept)`, move);
  }
  if (timeline.withdrawn || request.state === 'released' || request.state === 'releasing') {
    event(id ? 'Berkas permohonan dihapus' : 'Request file deleted', timeline.withdrawn);
  }
  if (request.state === 'released') {
    const until = request.quarantineUntil ? (id ? ` (karantina sampai ${formatTime(request.quarantineUntil, lang)})` : ` (quarantined until ${formatTime(request.quarantineUntil, lang)})`) : '';
    event(`${id ? 'Dilepas' : 'Released'}${until}`, timeline.released);
  }
  table([id ? 'Peristiwa' : 'Event', id ? 'Waktu' : 'Time', 'Commit', id ? 'Oleh' : 'By'], rows);
  if (request.state === 'pending') {
    paragraph(
      id ? 'Alamat belum dialokasikan: ' : 'No addresses yet: ',
      { code: 'kolokasi apply' },
      id ? ' belum dijalankan sejak permohonan ini masuk.' : ' has not run since this request arrived.',
    );
  }

  // ------------------------------------------------------------ configuration data
  heading(2, id ? 'Data konfigurasi untuk NOC' : 'Configuration data for the NOC');
  if (request.state === 'released') {
    paragraph(id ? 'Server ini sudah dilepas; alamat di bawah adalah alamat yang dulu dipakainya.' : 'This server was released; the addresses below are the ones it used to hold.');
  }
  const config: [string, Rich][] = [];
  if (details) {
    config.push(['Hostname', [{ code: details.hostname }]]);
    config.push([id ? 'Sistem operasi' : 'Operating system', [details.os]]);
  }
  if (request.fqdn) {
    const records = [
      ...(request.publicIpv4 ? [`A ${request.publicIpv4.address}`] : []),
      ...(request.publicIpv6 ? [`AAAA ${request.publicIpv6.address}`] : []),
    ];
    const proxied = details?.proxied ? (id ? '; lewat proxy Cloudflare' : '; through the Cloudflare proxy') : '';
    config.push([id ? 'Nama DNS' : 'DNS name', [{ code: request.fqdn }, ...(records.length > 0 ? [` (${records.join(', ')}${proxied})`] : [])]]);
  }
  const missing: Rich = [request.state === 'pending' ? (id ? 'belum dialokasikan' : 'not allocated yet') : l(lang, NONE)];
  const v4 = request.privateIpv4;
  config.push([id ? 'Alamat IPv4 server (LAN colocation)' : 'Server IPv4 address (colocation LAN)', v4 ? [{ code: `${v4.address}/${v4.prefix}` }] : missing]);
  config.push([id ? 'Gateway IPv4' : 'IPv4 gateway', v4?.gateway ? [{ code: v4.gateway }] : missing]);
  const pub = request.publicIpv4;
  config.push([
    id ? 'Alamat IPv4 publik (NAT 1:1 di gateway)' : 'Public IPv4 address (1:1 NAT at the gateway)',
    pub ? [{ code: pub.address }, ...(pub.pool ? [' (pool ', { code: pub.pool }, ', ', { code: pub.cidr }, ')'] : [])] : missing,
  ]);
  const v6 = request.publicIpv6;
  if (v6) {
    config.push([id ? 'Alamat IPv6 server (langsung, tanpa NAT)' : 'Server IPv6 address (direct, no NAT)', [{ code: `${v6.address}/${v6.prefix}` }]]);
    config.push([id ? 'Gateway IPv6' : 'IPv6 gateway', v6.gateway ? [{ code: v6.gateway }] : [l(lang, NONE)]]);
  }
  if (details) {
    config.push([id ? 'Unit rak' : 'Rack units', [`${details.rackUnits} U`]]);
    config.push([id ? 'Daya' : 'Power', [`${details.powerWatts} W`]]);
  }
  table([id ? 'Butir' : 'Item', id ? 'Nilai' : 'Value'], config.map(([label, value]) => [[label], value]));

  if (request.services.length > 0) {
    heading(3, id ? 'Port terbuka dan siapa yang boleh mengakses' : 'Open ports and who may reach them');
    table(
      [id ? 'Layanan' : 'Service', 'Port', id ? 'Boleh diakses dari' : 'Reachable from', id ? 'Alasan' : 'Justification'],
      request.services.map((s) => [[s.name], [{ code: portText(s) }], [accessText(s, lang)], [s.justification ?? '']]),
    );
    paragraph(id ? 'Semua port lain tertutup di firewall gateway.' : 'Every other port is closed at the gateway firewall.');
  }
  if (details && details.team.length > 0) {
    heading(3, id ? 'Tim OPD' : 'OPD team');
    table(
      [id ? 'Nama' : 'Name', id ? 'Peran' : 'Role', 'Email', id ? 'Telepon' : 'Phone'],
      details.team.map((m) => [[m.name], [m.role], [m.email ?? ''], [m.phone ?? '']]),
    );
  }

  // ------------------------------------------------------------ SOP steps
  heading(2, id ? `Langkah SOP ${SOP_NUMBER} dan penggantinya` : `SOP ${SOP_NUMBER} steps and what replaced them`);
  const evidence = (phase: SopPhase, number: number): string => {
    if (number === 1) return timeline.requested ? `${id ? 'diajukan' : 'requested'} ${formatTime(timeline.requested.at, lang)}` : '';
    if (number === 5) {
      if (!timeline.approved) return '';
      const who = approvers.length > 0 ? `${id ? ', oleh' : ', by'} ${approvers.join(', ')}` : '';
      return `${id ? 'merge' : 'merged'} ${formatTime(timeline.approved.at, lang)}${who}`;
    }
    if (number === 6) return timeline.applied ? `${id ? 'diterapkan' : 'applied'} ${formatTime(timeline.applied.at, lang)}` : '';
    if (number === 9) return `${id ? 'dibuat' : 'made'} ${formatTime(data.generatedAt, lang)}`;
    if (phase === 'installation') return id ? 'tidak tercatat di git' : 'not recorded in git';
    return '';
  };
  table(
    [id ? 'No.' : 'No.', id ? 'Kegiatan SOP' : 'SOP activity', id ? 'Pelaksana' : 'Done by', id ? 'Waktu SOP' : 'SOP time', id ? 'Diganti oleh' : 'Replaced by', id ? 'Catatan' : 'Record'],
    SOP_STEPS.map((step, i) => [...SOP_STEP_CELLS[lang][i]!, [evidence(step.phase, step.number)]]),
    ['r', 'l', 'l', 'r', 'l', 'l'],
  );

  // ------------------------------------------------------------ elapsed vs SOP
  heading(2, id ? 'Waktu tempuh dibandingkan waktu SOP' : 'Elapsed time set against the SOP');
  const decision = minutesBetween(timeline.requested?.at, timeline.approved?.at);
  const configuration = minutesBetween(timeline.approved?.at, timeline.applied?.at);
  const whole = minutesBetween(timeline.requested?.at, timeline.applied?.at);
  const minutes = (n: number) => `${n} ${id ? 'menit' : 'min'}`;
  const elapsed = (n: number | undefined, happened: boolean) => (n !== undefined ? formatDuration(n, lang) : happened ? l(lang, UNKNOWN) : id ? 'belum terjadi' : 'not yet');
  const applied = request.state !== 'pending';
  table(
    [id ? 'Tahap' : 'Phase', id ? 'Langkah SOP' : 'SOP steps', id ? 'Waktu kerja SOP' : 'SOP desk time', id ? 'Waktu tempuh tercatat' : 'Elapsed (recorded)', id ? 'Diukur dari' : 'Measured from'],
    [
      [
        [id ? 'Permohonan sampai keputusan' : 'Request to decision'],
        [PHASE_STEPS.decision],
        [minutes(PHASE_MINUTES.decision)],
        [elapsed(decision, applied)],
        [id ? 'commit permohonan sampai merge (termasuk menunggu peninjau)' : 'request commit to merge (waiting for reviewers included)'],
      ],
      [
        [id ? 'Konfigurasi IP, jaringan, pemberitahuan' : 'IP and network configuration, notice'],
        [PHASE_STEPS.configuration],
        [minutes(PHASE_MINUTES.configuration)],
        [elapsed(configuration, applied)],
        [id ? 'merge sampai commit ledger (otomatis)' : 'merge to ledger commit (automatic)'],
      ],
      [
        [id ? 'Instalasi server di NOC' : 'Server installation in the NOC'],
        [PHASE_STEPS.installation],
        [minutes(PHASE_MINUTES.installation)],
        [id ? 'tidak tercatat' : 'not recorded'],
        [id ? 'dikerjakan manual oleh NOC dan Tim OPD' : 'done by hand by the NOC and the OPD team'],
      ],
      [
        [id ? 'Laporan dan penyelesaian' : 'Report and completion'],
        [PHASE_STEPS.report],
        [minutes(PHASE_MINUTES.report)],
        [id ? 'otomatis' : 'automatic'],
        [id ? 'laporan ini dibuat dari riwayat git' : 'this report is made from the git history'],
      ],
      [
        [{ strong: id ? 'Jumlah' : 'Total' }],
        ['1-10'],
        [{ strong: minutes(SOP_TOTAL_MINUTES) }],
        [{ strong: elapsed(whole, applied) }],
        [id ? 'commit permohonan sampai commit ledger' : 'request commit to ledger commit'],
      ],
    ],
    ['l', 'l', 'r', 'r', 'l'],
  );
  paragraph(SOP_TIMES_NOTE[lang]);

  // ------------------------------------------------------------ sign-off (SOP step 10)
  heading(2, id ? 'Pengesahan' : 'Sign-off');
  const approvedAt = timeline.approved ? formatTime(timeline.approved.at, lang) : l(lang, UNKNOWN);
  const pullRequest = timeline.approved?.pullRequest !== undefined ? `#${timeline.approved.pullRequest}` : l(lang, UNKNOWN);
  table(
    [id ? 'Disetujui oleh (peninjau pull request)' : 'Approved by (pull request reviewer)', id ? 'Tanggal persetujuan (merge)' : 'Approval date (merge)', 'Pull request'],
    approvers.length > 0 ? approvers.map((approver) => [[approver], [approvedAt], [pullRequest]]) : [[[l(lang, UNKNOWN)], [approvedAt], [pullRequest]]],
  );
  // Only a live server is racked and signed for; a pending or released one has nothing to sign.
  if (request.state === 'active') {
    paragraph(
      id
        ? 'Persetujuan di atas tercatat di git (commit ledger). Pemasangan fisik (langkah 8) tidak tercatat di git: NOC dan Tim OPD menandatangani di bawah setelah server terpasang, lalu laporan ini diarsipkan.'
        : 'The approvals above are recorded in git (the ledger commit). The physical installation (step 8) is not: the NOC and the OPD team sign below once the server is racked, and this report is filed.',
    );
    table(
      [id ? 'Peran' : 'Role', id ? 'Nama' : 'Name', id ? 'Tanggal' : 'Date', id ? 'Tanda tangan' : 'Signature'],
      [
        [[id ? 'Petugas NOC (memasang server)' : 'NOC staff (racked the server)'], [], [], []],
        [[id ? `Tim OPD ${request.opdName}` : `OPD team, ${request.opdName}`], [], [], []],
        [[id ? 'Kepala Bidang Aplikasi Informatika (mengetahui)' : 'Head of the applications division (acknowledged)'], [], [], []],
      ],
      undefined,
      'signatures',
    );
  }
  return { lang, title: laporanTitle(request, lang), ...(request.title !== undefined ? { subtitle: request.title } : {}), blocks: out };
}
