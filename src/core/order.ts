// Plain code-unit order for ids, keys and paths: the same on every machine and locale, unlike
// localeCompare, so sorted output (ledger, plan, configs) is byte-stable.
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numeric order for addresses and other bigint values. */
export function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
