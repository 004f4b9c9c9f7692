/** Small statistics and table formatting for the benchmark's report. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summarize: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** Seconds with two decimals, e.g. `3.41 (3.30–3.52)`; a single run prints no spread. */
export function formatSeconds(summary: Summary): string {
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  return summary.n === 1 ? s(summary.median) : `${s(summary.median)} (${s(summary.min)}–${s(summary.max)})`;
}

/** A count that should be the same every run: `7`, or `7–8` when runs disagree. */
export function formatCount(values: readonly number[]): string {
  const { min, max } = summarize(values);
  return min === max ? String(min) : `${min}–${max}`;
}

export function formatRatio(numerator: number, denominator: number): string {
  if (!(denominator > 0)) return "–";
  return `${(numerator / denominator).toFixed(2)}×`;
}

/** A plain-text table: the first `left` columns left-aligned, the others right-aligned, columns two spaces apart. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], left = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i < left ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}
