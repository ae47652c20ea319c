// The colocation servers' DNS at Cloudflare: one `cloudflare.DnsRecord` per computed record,
// grouped under one component. It takes plain data only; everything it creates is decided by the core.
import * as pulumi from '@pulumi/pulumi';
import * as cloudflare from '@pulumi/cloudflare';
import type { DnsRecord, DnsRecordType } from '../core/model.ts';
import { canonicalAddress } from '../core/ip.ts';

export const COLOCATION_DNS_TYPE = 'kolokasi:dns:ColocationDns';

/** Cloudflare's "automatic" TTL. A proxied record always has it, whatever TTL is sent. */
export const CLOUDFLARE_AUTOMATIC_TTL = 1;

/** The longest record comment Cloudflare accepts below the Enterprise plan. */
export const CLOUDFLARE_COMMENT_MAX_LENGTH = 100;

/** What Cloudflare is asked to hold for one record, zone aside. */
export interface CloudflareRecordArgs {
  name: string;
  type: DnsRecordType;
  content: string;
  ttl: number;
  proxied: boolean;
  comment: string;
}

/**
 * The record as Cloudflare stores it, so that a second `pulumi up` finds nothing to change:
 * - name is the full name without a trailing dot. The v6 provider (Terraform provider v5 underneath)
 *   keeps whatever was sent, while the API answers with the full name, so a bare label shows a diff
 *   on every refresh.
 * - a proxied record is sent with TTL 1 (automatic), because Cloudflare stores 1 for it anyway.
 * - an IPv6 address is sent in its compressed lowercase form, the form the API answers with.
 * - the comment is cut to Cloudflare's length limit rather than rejected at apply time.
 */
export function cloudflareRecordArgs(record: DnsRecord): CloudflareRecordArgs {
  return {
    name: record.fqdn.replace(/\.$/, ''),
    type: record.type,
    content: canonicalAddress(record.content) ?? record.content,
    ttl: record.proxied ? CLOUDFLARE_AUTOMATIC_TTL : record.ttl,
    proxied: record.proxied,
    comment: [...record.comment].slice(0, CLOUDFLARE_COMMENT_MAX_LENGTH).join(''),
  };
}

export interface ColocationDnsArgs {
  /** The Cloudflare zone the records live in: from the stack config, or looked up by name. */
  zoneId: pulumi.Input<string>;
  /** The desired records, each with a unique key (`<request id>/<type>`). */
  records: readonly DnsRecord[];
}

export class ColocationDns extends pulumi.ComponentResource {
  readonly zoneId: pulumi.Output<string>;
  /** Cloudflare's record id per record key. */
  readonly recordIds: pulumi.Output<Record<string, string>>;
  /** The full name per record key, as sent to Cloudflare. */
  readonly recordNames: Record<string, string>;

  constructor(name: string, args: ColocationDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COLOCATION_DNS_TYPE, name, {}, opts);
    const duplicates = duplicateKeys(args.records);
    if (duplicates.length > 0) {
      // The core guarantees unique keys; two records under one name would make Pulumi fail later with
      // a far less helpful message.
      throw new Error(`duplicate DNS record keys / kunci rekaman DNS ganda: ${duplicates.join(', ')}`);
    }
    this.zoneId = pulumi.output(args.zoneId);
    const ids: Record<string, pulumi.Output<string>> = {};
    const names: Record<string, string> = {};
    for (const record of args.records) {
      const wanted = cloudflareRecordArgs(record);
      // The resource name is the record key, never a position or a file name: adding, deleting or
      // renaming other requests leaves this record's URN, and so the record itself, untouched.
      const created = new cloudflare.DnsRecord(
        record.key,
        { zoneId: this.zoneId, ...wanted },
        {
          parent: this,
          // Cloudflare refuses a second identical A/AAAA record, so a replacement must delete the
          // old record before creating the new one.
          deleteBeforeReplace: true,
          // A renamed or moved request keeps its records: the same record under its new key.
          ...(record.formerKey !== undefined ? { aliases: [{ name: record.formerKey }] } : {}),
        },
      );
      ids[record.key] = created.id;
      names[record.key] = wanted.name;
    }
    this.recordIds = pulumi.all(ids);
    this.recordNames = names;
    this.registerOutputs({ zoneId: this.zoneId, recordIds: this.recordIds, recordNames: this.recordNames });
  }
}

function duplicateKeys(records: readonly DnsRecord[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const record of records) {
    if (seen.has(record.key)) duplicates.add(record.key);
    seen.add(record.key);
  }
  return [...duplicates].sort();
}
