// The Pulumi program (Pulumi.yaml `main`): builds the colocation DNS component from the computed
// input and exports the stack outputs. Everything it deploys is decided in program.ts.
import { fileURLToPath } from 'node:url';
import * as pulumi from '@pulumi/pulumi';
import { ColocationDns } from './colocation-dns.ts';
import { cloudflareZoneId, engineStack, loadDnsProgramInput, refuseCredentialsInConfig } from './program.ts';

/** The repository holding requests/ and stacks/: two levels above this file, wherever pulumi runs from. */
const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const stack = engineStack();
refuseCredentialsInConfig(Object.keys(pulumi.runtime.allConfig()));
const input = await loadDnsProgramInput(REPOSITORY_ROOT, stack);
const dns = new ColocationDns('colocation-dns', { zoneId: cloudflareZoneId(input), records: input.records });

export const zone = input.zone;
export const zoneId = dns.zoneId;
/** Which request holds which addresses, as in the ledger. */
export const allocations = input.allocations;
/** sha256 of each file `kolokasi apply` renders: a change here means the gateway config changed. */
export const renderedOutputs = input.outputDigests;
export const dnsRecordIds = dns.recordIds;
