// The installation notice (SOP step 7, "Surat TL pemberitahuan instalasi"), as a comment on the
// merged pull request: the addresses, name and ports each server received, and what the OPD team
// does next. Indonesian first, English after: the notice replaces a letter written in Indonesian.
// Pure: everything arrives as data.
import { cell, COMMENT_BUDGET, truncateMarkdown } from './plan-comment.ts';
import { opdOf } from '../core/requests.ts';

export function installMarker(stack: string): string {
  return `<!-- kolokasi-install:${stack} -->`;
}

export interface NoticeService {
  name: string;
  protocol: string;
  /** `443` or `8080-8089`. */
  ports: string;
  /** `publik / public`, `intranet`, or the CIDRs. */
  access: string;
}

export interface NoticeServer {
  request: string;
  title?: string;
  fqdn: string | null;
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
  services: NoticeService[];
  /** The request the server was renamed or moved from (same subdomain): its addresses are kept. */
  movedFrom?: string;
}

export interface NoticeRelease {
  request: string;
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
  /** When the addresses may be handed out again. */
  freeFrom?: string;
}

export interface InstallNoticeInput {
  stack: string;
  servers: NoticeServer[];
  released: NoticeRelease[];
  /** The colocation LAN, for configuring the server: its prefix length and router. */
  privateNetwork?: { cidr: string; gateway: string };
  ledgerCommit?: string;
  /** Where the rendered gateway configuration was published. */
  configUrl?: string;
  runUrl?: string;
}

/** A request's services as the notice shows them. */
export function noticeServices(services: readonly { name: string; protocol: string; port?: number; portRange?: { from: number; to: number }; access: unknown }[]): NoticeService[] {
  return services.map((s) => ({
    name: s.name,
    protocol: s.protocol,
    ports: s.port !== undefined ? String(s.port) : s.portRange ? `${s.portRange.from}-${s.portRange.to}` : '?',
    access: s.access === 'public' ? 'publik / public' : s.access === 'intranet' ? 'intranet' : Array.isArray(s.access) ? s.access.join(', ') : String(s.access),
  }));
}

/** A renamed or moved server: same server, same addresses; between OPDs, both are named. */
function movedLine(from: string, to: string): string {
  const [was, will] = [opdOf(from), opdOf(to)];
  const opds = was !== will ? ` (OPD ${cell(was)} → OPD ${cell(will)})` : '';
  return `↪️ Dipindahkan dari / Moved from \`${cell(from)}\`${opds}: alamat dan nama tetap, tidak perlu mengubah konfigurasi server / addresses and name kept, the server's configuration stays as it is.`;
}

export function buildInstallNotice(input: InstallNoticeInput, limit = COMMENT_BUDGET): string {
  const lines = [
    installMarker(input.stack),
    `### 📨 Pemberitahuan instalasi / Installation notice · stack \`${input.stack}\``,
    '',
  ];
  if (input.servers.length > 0) {
    lines.push(
      'Permohonan berikut telah disetujui dan alamatnya dialokasikan; DNS dan konfigurasi firewall/NAT sudah diterapkan.',
      'The following requests are approved and their addresses allocated; DNS and the firewall/NAT configuration are applied.',
      '',
    );
  }
  const prefix = input.privateNetwork?.cidr.split('/')[1];
  for (const server of input.servers) {
    lines.push(
      `#### ${cell(server.request)}${server.title ? ` · ${cell(server.title)}` : ''}`,
      '',
    );
    if (server.movedFrom) lines.push(movedLine(server.movedFrom, server.request), '');
    lines.push(
      '| | |',
      '| --- | --- |',
      `| Nama domain / Domain name | ${server.fqdn ? `\`${cell(server.fqdn)}\`` : '-'} |`,
      `| IPv4 publik / Public IPv4 | \`${cell(server.publicIpv4)}\` |`,
      `| IPv4 privat (LAN colocation) / Private IPv4 (colocation LAN) | \`${cell(server.privateIpv4)}${prefix ? `/${prefix}` : ''}\` |`,
    );
    if (input.privateNetwork) lines.push(`| Gateway | \`${cell(input.privateNetwork.gateway)}\` |`);
    if (server.publicIpv6) lines.push(`| IPv6 publik / Public IPv6 | \`${cell(server.publicIpv6)}\` |`);
    lines.push('');
    if (server.services.length > 0) {
      lines.push(
        '| Layanan / Service | Port | Protokol / Protocol | Akses dari / Reachable from |',
        '| --- | --- | --- | --- |',
        ...server.services.map((s) => `| ${cell(s.name)} | ${cell(s.ports)} | ${cell(s.protocol)} | ${cell(s.access)} |`),
        '',
      );
    }
  }
  if (input.servers.length > 0) {
    lines.push(
      '**Langkah berikutnya / Next steps**',
      '',
      `1. Tim OPD mengatur server dengan alamat privat di atas${input.privateNetwork ? ` dan gateway \`${input.privateNetwork.gateway}\`` : ''}; alamat publik diteruskan (NAT) oleh gateway DKISP.`,
      `   The OPD team configures the server with the private address above${input.privateNetwork ? ` and gateway \`${input.privateNetwork.gateway}\`` : ''}; the DKISP gateway forwards (NAT) the public address.`,
      '2. Jadwalkan pemasangan server di NOC bersama petugas NOC (SOP langkah 8).',
      '   Schedule the installation at the NOC with the NOC staff (SOP step 8).',
      '3. Hanya port yang tercantum yang dibuka; perubahan port melalui pull request baru.',
      '   Only the ports listed are open; changing them takes a new pull request.',
      '',
    );
  }
  if (input.released.length > 0) {
    lines.push(
      '#### Alamat dilepas / Addresses released',
      '',
      '| Permohonan / Request | IPv4 publik / public | IPv4 privat / private | IPv6 | Bebas mulai / Free from |',
      '| --- | --- | --- | --- | --- |',
      ...input.released.map((r) => `| ${cell(r.request)} | ${cell(r.publicIpv4)} | ${cell(r.privateIpv4)} | ${cell(r.publicIpv6 ?? '-')} | ${cell(r.freeFrom ?? '-')} |`),
      '',
      'Alamat ini dikarantina dan tidak diberikan kepada server lain sebelum tanggal di atas. / These addresses are quarantined and not handed to another server before that date.',
      '',
    );
  }
  if (input.servers.length === 0 && input.released.length === 0) {
    lines.push('Tidak ada alokasi yang berubah oleh pull request ini. / This pull request changed no allocation.', '');
  }
  const refs = [];
  if (input.ledgerCommit) refs.push(`ledger \`${input.ledgerCommit.slice(0, 12)}\``);
  if (input.configUrl) refs.push(`[konfigurasi gateway / gateway configuration](${input.configUrl})`);
  if (input.runUrl) refs.push(`[job](${input.runUrl})`);
  if (refs.length > 0) lines.push(`<sub>${refs.join(' · ')}</sub>`);
  const body = `${lines.join('\n')}\n`;
  return body.length <= limit ? body : `${truncateMarkdown(body, limit - 200).text}\n> ✂️ Dipotong / Truncated.\n`;
}
