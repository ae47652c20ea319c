// One request file in, one typed request (or its diagnostics) out. Pure: the text is given.
import requestSchema from '../../schemas/colocation-request.schema.json' with { type: 'json' };
import type { ColocationRequest, Diagnostic, LoadedRequest, SourceFile } from './model.ts';
import { report } from './catalog/index.ts';
import { makeValidator } from './schema.ts';
import { escapePointer, locate } from './yaml.ts';
import { parseYamlFast } from './fast-yaml.ts';
import { PLACEHOLDER } from './skeleton.ts';

/**
 * `<...>` strings left from `kolokasi new`, wherever they are, as [pointer, value]; the schema
 * alone lets some pass. The pointer is built only for a hit: this walks every value of every file.
 */
function placeholders(root: unknown): [string, string][] {
  const found: [string, string][] = [];
  const path: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (PLACEHOLDER.test(value)) found.push([path.map((segment) => `/${escapePointer(segment)}`).join(''), value]);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(String(i));
        walk(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        path.push(key);
        walk((value as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(root);
  return found;
}

const checkRequestSchema = makeValidator(requestSchema);

export const REQUESTS_DIR = 'requests';

/** The OPD of a request id `<opd>/<name>`. */
export function opdOf(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}

/** `requests/<opd>/<name>.yaml` -> its parts; anything else -> undefined. */
export function requestPathParts(file: string): { opd: string; name: string } | undefined {
  const match = /^requests\/([^/]+)\/([^/]+)\.yaml$/.exec(file);
  return match ? { opd: match[1]!, name: match[2]! } : undefined;
}

/** The file a request id `<opd>/<name>` lives in. */
export function requestFilePath(id: string): string {
  return `requests/${id}.yaml`;
}

export function misplacedFile(file: string): Diagnostic {
  return report('KLK009', { file }, { file });
}

export function loadRequest(source: SourceFile): { request?: LoadedRequest; diagnostics: Diagnostic[] } {
  const parts = requestPathParts(source.file);
  if (!parts) return { diagnostics: [misplacedFile(source.file)] };
  const parsed = parseYamlFast(source);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const diagnostics = checkRequestSchema(parsed.value, source);
  const reported = new Set(diagnostics.map((d) => d.path));
  for (const [pointer, value] of placeholders(parsed.value)) {
    if (reported.has(pointer)) continue;
    diagnostics.push(report('KLK106', { file: source.file, at: locate(source.text, pointer), path: pointer }, { field: pointer.split('/').pop()!, value }));
  }
  if (diagnostics.length > 0) return { diagnostics };
  return {
    request: {
      id: `${parts.opd}/${parts.name}`,
      file: source.file,
      text: source.text,
      request: parsed.value as ColocationRequest,
    },
    diagnostics: [],
  };
}
