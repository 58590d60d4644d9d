// Analysed texts packed into plain arrays, so that another thread can analyse a day's papers and hand them over:
// one array of key ids and one of positions for all the texts, and the key names those ids stand for (the ids of
// the analyzer that packed them, which unpacked texts keep: they are whole without it).
import { compactText, type AnalyzedText, type Analyzer } from './analyzer.js';

export interface PackedTexts {
  /** Key names by id. */
  names: string[];
  ids: Int32Array;
  at: Int32Array;
  /** Text t's occurrences are ids/at[from[t] .. from[t + 1]); its word count is lengths[t]. */
  from: Int32Array;
  lengths: Int32Array;
}

/** Key ids of some analysed texts: the id a key has in them, or -1 if none holds it, and how many ids there are. */
export interface KeySpace {
  keyId(key: string): number;
  keyCount(): number;
}

export function packTexts(texts: readonly string[], analyzer: Analyzer): PackedTexts {
  const analysed = texts.map((t) => analyzer.analyze(t));
  const from = new Int32Array(texts.length + 1);
  const lengths = new Int32Array(texts.length);
  analysed.forEach((a, t) => {
    from[t + 1] = from[t]! + a.ids.length;
    lengths[t] = a.length;
  });
  const ids = new Int32Array(from[texts.length]!);
  const at = new Int32Array(from[texts.length]!);
  analysed.forEach((a, t) => {
    ids.set(a.ids, from[t]!);
    at.set(a.at, from[t]!);
  });
  const names = Array.from({ length: analyzer.keyCount() }, (_, id) => analyzer.keyName(id));
  return { names, ids, at, from, lengths };
}

/** The texts again (views of the packed arrays), with their key space. */
export function unpackTexts(packed: PackedTexts): { texts: AnalyzedText[]; keys: KeySpace } {
  const { names, ids, at, from, lengths } = packed;
  const texts = Array.from(lengths, (length, t) => compactText(ids.subarray(from[t]!, from[t + 1]!), at.subarray(from[t]!, from[t + 1]!), length, names));
  const idOf = new Map<string, number>();
  for (let id = 0; id < names.length; id++) idOf.set(names[id]!, id);
  return { texts, keys: { keyId: (key) => idOf.get(key) ?? -1, keyCount: () => names.length } };
}
