// Shared helpers for the benchmarks: where the corpus is, timing, percentiles and side-by-side tables.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The real corpus beside the project (`../shared/corpus`), or null (with a line saying so) when it is missing. */
export function corpusDir(): string | null {
  const dir = resolve(process.env.PAPERBOY_CORPUS ?? new URL('../../shared/corpus', import.meta.url).pathname);
  if (existsSync(dir)) return dir;
  console.log(`(corpus not found at ${dir}: set PAPERBOY_CORPUS or put ../shared beside the project; skipping)`);
  return null;
}

export function percentile(sortedOrNot: number[], p: number): number {
  const s = [...sortedOrNot].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export async function timeIt<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Prints a titled table with aligned columns. */
export function table(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  console.log(`\n## ${title}`);
  for (const [n, r] of cells.entries()) {
    console.log(r.map((c, i) => String(c ?? '').padEnd(widths[i]!)).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}
