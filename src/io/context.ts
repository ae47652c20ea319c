// What a piece of an edge needs from the run that calls it: where it runs, where to report, in
// which language, on which repository and stack. A CLI command's context is one.
import type { Lang } from '../core/model.ts';

export interface RunContext {
  io: { cwd: string; stderr(text: string): void };
  lang: Lang;
  /** Absolute path of the repository. */
  repo: string;
  stack: string;
}
