// The repository's example stack (dev), loaded through the same core as the CLI, and throw-away
// copies of it in which requests come and go and the ledger is as old or as new as a test needs.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Ledger, LoadedRequest, StackConfig } from '../../src/core/model.ts';
import { allocate } from '../../src/core/allocate.ts';
import { hasErrors } from '../../src/core/diagnostics.ts';
import { emptyLedger, ledgerPath, serializeLedger } from '../../src/core/ledger.ts';
import { validateRepository } from '../../src/core/pipeline.ts';
import { readRepository } from '../../src/io/repository.ts';
import { exampleCopy } from '../helpers/example.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

export const REPOSITORY = PROJECT_ROOT;
export const STACK = 'dev';
/** A fixed clock for allocations, so every run writes the same ledger. */
export const NOW = new Date('2026-11-27T08:00:00Z');

export interface Example {
  config: StackConfig;
  requests: LoadedRequest[];
}

/** The requests and stack config of a repository, valid or the test stops here. */
export async function loadExample(root = REPOSITORY): Promise<Example> {
  const files = await readRepository(root, STACK);
  const validated = validateRepository({
    stackName: STACK,
    stack: files.stack,
    registry: files.registry,
    requests: files.requests,
    diagnostics: files.diagnostics,
  });
  if (hasErrors(validated.diagnostics) || !validated.stack) {
    throw new Error(`example repository does not validate: ${JSON.stringify(validated.diagnostics, null, 2)}`);
  }
  return { config: validated.stack.config, requests: validated.requests };
}

/** The ledger `kolokasi apply` would write for these requests. */
export function appliedLedger(example: Example, previous: Ledger = emptyLedger(STACK)): Ledger {
  const result = allocate({ config: example.config, requests: example.requests, ledger: previous, now: NOW });
  if (hasErrors(result.diagnostics)) throw new Error(`allocation failed: ${JSON.stringify(result.diagnostics, null, 2)}`);
  return result.ledger;
}

const scratchDirs: string[] = [];

export function removeCopies(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A copy of the repository (sources, schemas, stacks, requests, Pulumi.yaml; node_modules linked)
 * that the program can run in, as it would in a checkout.
 */
export function copyRepository(): string {
  const root = exampleCopy({ runnable: true });
  scratchDirs.push(root);
  return root;
}

export function writeLedger(root: string, ledger: Ledger): void {
  writeFileSync(path.join(root, ledgerPath(STACK)), serializeLedger(ledger));
}

export function deleteRequest(root: string, id: string): void {
  rmSync(path.join(root, 'requests', `${id}.yaml`));
}

/** Files a new request, a copy of dkisp/satudata under another name and subdomain. */
export function addRequest(root: string, id: string): void {
  const [opd, name] = id.split('/') as [string, string];
  const template = readFileSync(path.join(REPOSITORY, 'requests/dkisp/satudata.yaml'), 'utf8');
  const text = template
    .replace('name: satudata', `name: ${name}`)
    .replace('opd: dkisp', `opd: ${opd}`)
    .replace('subdomain: satudata', `subdomain: ${name}`)
    .replace('hostname: satudata01', `hostname: ${name}01`);
  mkdirSync(path.join(root, 'requests', opd), { recursive: true });
  writeFileSync(path.join(root, 'requests', `${id}.yaml`), text);
}

export function setStackConfig(root: string, key: string, value: string): void {
  const file = path.join(root, `stacks/Pulumi.${STACK}.yaml`);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^config:\n/m, `config:\n  kolokasi:${key}: ${value}\n`));
}

/** A repository copy whose ledger is exactly what `kolokasi apply` would write for its requests. */
export async function appliedCopy(): Promise<string> {
  const root = copyRepository();
  writeLedger(root, appliedLedger(await loadExample(root)));
  return root;
}
