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
    if (this.pending.length === RUN_LINES) this.endRun();
    return this;
  }

  addAll(lines: Iterable<string>): this {
    for (const line of lines) this.add(line);
    return this;
  }

  /** Every line of `other`, its runs shared rather than copied (two files ending alike). */
  append(other: Lines): this {
    other.endRun();
    this.endRun();
    this.runs.push(...other.runs);
    return this;
  }

  /** The lines joined by newlines, as `[...lines].join('\n')` would. */
  text(): string {
    this.endRun();
    return this.runs.join('\n');
  }

  private endRun(): void {
    if (this.pending.length === 0) return;
    this.runs.push(this.pending.join('\n'));
    this.pending = [];
  }
}
