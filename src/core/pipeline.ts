// load -> validate: from file contents to checked, typed data. Pure; the edges read the files.
import type { Diagnostic, Ledger, LoadedRequest, OpdRegistry, SourceFile, Stack } from './model.ts';
import { parseLedger } from './ledger.ts';
import { loadRequest } from './requests.ts';
import { parseOpdRegistry, parseStack } from './stack.ts';
import { checkPolicy } from './policy.ts';
import { sortDiagnostics } from './diagnostics.ts';
import { compareText } from './order.ts';

export interface RepositorySources {
  stackName: string;
  stack: SourceFile;
  registry: SourceFile;
  requests: SourceFile[];
  /** Problems the reader already found (symlinks, sizes, encodings). */
  diagnostics: Diagnostic[];
  /** The stack's ledger, when it has one: it says which request already holds a contested subdomain or address. */
  ledger?: SourceFile;
}

export interface ValidatedRepository {
  stack?: Stack;
  registry?: OpdRegistry;
  /** The requests that passed their own schema, sorted by id. */
  requests: LoadedRequest[];
  /** Everything found, sorted by file and position. */
  diagnostics: Diagnostic[];
}

/** `stack`: the stack config already parsed by the caller (planStack), so that it is parsed once. */
export function validateRepository(sources: RepositorySources, stack: ReturnType<typeof parseStack> = parseStack(sources.stack, sources.stackName)): ValidatedRepository {
  const diagnostics: Diagnostic[] = [...sources.diagnostics];
  // A loop, not push(...list): a hostile file can make a list too long for the call stack.
  const collect = (list: readonly Diagnostic[]) => {
    for (const d of list) diagnostics.push(d);
  };
  const stackResult = stack;
  collect(stackResult.diagnostics);
  const registryResult = parseOpdRegistry(sources.registry);
  collect(registryResult.diagnostics);
  const requests: LoadedRequest[] = [];
  for (const source of sources.requests) {
    const result = loadRequest(source);
    collect(result.diagnostics);
    if (result.request) requests.push(result.request);
  }
  requests.sort((a, b) => compareText(a.id, b.id));
  if (stackResult.stack && registryResult.registry) {
    const { config } = stackResult.stack;
    // Parsed only when two requests claim one thing; a ledger that does not load holds nothing here
    // (plan and apply report why it does not load).
    let allocations: Ledger['allocations'] | undefined;
    const holdings = () => (allocations ??= sources.ledger ? (parseLedger(sources.ledger, { stack: sources.stackName, config }).ledger?.allocations ?? {}) : {});
    collect(checkPolicy(requests, registryResult.registry, config, holdings));
  }
  return {
    ...(stackResult.stack ? { stack: stackResult.stack } : {}),
    ...(registryResult.registry ? { registry: registryResult.registry } : {}),
    requests,
    diagnostics: sortDiagnostics(diagnostics),
  };
}
