// Counting a term's occurrences on an analysed text's runs (its key ids grouped by key, positions ascending), the
// way rankMany reads the day's papers: the same counts termFrequency makes from the text's key map, without it.
import { runEnd, runStart, type AnalyzedText } from '../text/analyzer.js';

/** A pattern (keys at fixed offsets) by key id, for one analyzer's texts. */
export interface IdPattern {
  ids: number[];
  offsets: number[];
}

/** Whether `at[from..to)` (ascending) holds `pos`. */
export function hasPosition(at: Int32Array, from: number, to: number, pos: number): boolean {
  for (let k = from; k < to; k++) {
    const p = at[k]!;
    if (p >= pos) return p === pos;
  }
  return false;
}

/** Where key id `id`'s run is in the text: [from, to), empty if the text lacks it. */
function run(text: AnalyzedText, id: number, out: Int32Array): void {
  const from = runStart(text, id);
  out[0] = from;
  out[1] = from < text.ids.length && text.ids[from] === id ? runEnd(text.ids, from) : from;
}

const range = new Int32Array(2);
const starts: number[] = [];

/** Appends to `starts` each position where the pattern occurs with its first key there. */
function collectStarts(text: AnalyzedText, p: IdPattern): void {
  run(text, p.ids[0]!, range);
  const from = range[0]!;
  const to = range[1]!;
  const at = text.at;
  for (let q = from; q < to; q++) {
    const pos = at[q]!;
    let ok = true;
    for (let k = 1; k < p.ids.length && ok; k++) {
      run(text, p.ids[k]!, range);
      ok = hasPosition(at, range[0]!, range[1]!, pos + p.offsets[k]!);
    }
    if (ok) starts.push(pos);
  }
}

/** Occurrences of a term in a text: distinct start positions over all its alternatives (termFrequency's count). */
export function runFrequency(text: AnalyzedText, alternatives: IdPattern[]): number {
  starts.length = 0;
  for (const p of alternatives) collectStarts(text, p);
  if (starts.length <= 1) return starts.length;
  starts.sort((a, b) => a - b);
  let n = 1;
  for (let i = 1; i < starts.length; i++) if (starts[i] !== starts[i - 1]) n++;
  return n;
}
