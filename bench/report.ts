// The one result format every benchmark saves (DESIGN §6) and prints as a table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

export interface BenchOptions {
  /** A short run for CI: proves the benchmark works, figures mean little. */
  smoke: boolean;
}

export interface BenchResult {
  name: string;
  figures: Record<string, number>;
  baseline: Record<string, number>;
  ratios: Record<string, number>;
  goals: Record<string, string>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * The p-th percentile of values a tool rounded to multiples of `step` (hey: 0.1 ms), placed
 * within its step by rank, as if the values in it were spread evenly across it (what
 * Prometheus' histogram_quantile does within a bucket). Nearest-rank on rounded values moves in
 * whole steps; this moves with the share of samples on either side.
 */
export function steppedPercentile(sorted: number[], p: number, step: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * sorted.length;
  const bin = Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(rank) - 1))] / step);
  let first = 0;
  while (first < sorted.length && Math.round(sorted[first] / step) < bin) first++;
  let end = first;
  while (end < sorted.length && Math.round(sorted[end] / step) === bin) end++;
  return (bin - 0.5 + (rank - first) / (end - first)) * step;
}

export function saveResult(result: BenchResult, options: BenchOptions): string {
  const record = {
    name: result.name,
    when: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    smoke: options.smoke,
    figures: result.figures,
    baseline: result.baseline,
    ratios: result.ratios,
    goals: result.goals,
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.name}${options.smoke ? '.smoke' : ''}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  printTable(result);
  console.log(`saved ${file}`);
  return file;
}

function printTable(result: BenchResult): void {
  const rows: string[][] = [['SECTION', 'FIGURE', 'VALUE']];
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));
  for (const [section, values] of [
    ['figures', result.figures],
    ['baseline', result.baseline],
    ['ratios', result.ratios],
  ] as const) {
    for (const [k, v] of Object.entries(values)) rows.push([section, k, fmt(v)]);
  }
  for (const [k, v] of Object.entries(result.goals)) rows.push(['goals', k, v]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\n== ${result.name}`);
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd());
}
