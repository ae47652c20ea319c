// The text of a rendered file, made line by line. At 10,000 servers a file has some 100,000 lines:
// kept in an array until the end, every line (and the pieces its template literal made it of)
// lives through the whole rendering, so the young generation copies it and then promotes it, and
// the collector spent more time on them than the renderers took to make them. Joined a thousand at
// a time, a line dies young and only the joined, flat runs live on.

/** How many lines are joined into one run: a run of a few dozen kilobytes, a few hundred runs. */
const RUN_LINES = 1024;

export class Lines {
  private pending: string[] = [];
  private readonly runs: string[] = [];

  add(line: string): this {
    this.pending.push(line);
    if (this.pending.length === RUN_LINES) {
      this.runs.push(this.pending.join('\n'));
      this.pending = [];
    }
    return this;
  }

  addAll(lines: Iterable<string>): this {
    for (const line of lines) this.add(line);
    return this;
  }

  /** The lines joined by newlines, as `[...lines].join('\n')` would. */
  text(): string {
    return this.pending.length > 0 || this.runs.length === 0 ? [...this.runs, this.pending.join('\n')].join('\n') : this.runs.join('\n');
  }
}
