// Analysed texts packed into plain arrays, so that another thread can analyse a day's papers and hand them over:
// one array of key ids and one of positions for all the texts, and the key names those ids stand for (the ids of
// the analyzer that packed them, which unpacked texts keep: they are whole without it).
import { compactText, type AnalyzedText, type Analyzer } from './analyzer.js';
import { openKeySpace, type OpenKeySpace } from './keys.js';

export interface PackedTexts {
  /** Key names by id. */
  names: string[];
  ids: Int32Array;
  at: Int32Array;
  /** Text t's occurrences are ids/at[from[t] .. from[t + 1]); its word count is lengths[t]. */
  from: Int32Array;
  lengths: Int32Array;
}

/** Texts the analyzer made, packed with its key names. */
export function packTexts(texts: readonly AnalyzedText[], analyzer: Analyzer): PackedTexts {
  const from = new Int32Array(texts.length + 1);
  const lengths = new Int32Array(texts.length);
  texts.forEach((a, t) => {
    from[t + 1] = from[t]! + a.ids.length;
    lengths[t] = a.length;
  });
  const ids = new Int32Array(from[texts.length]!);
  const at = new Int32Array(from[texts.length]!);
  texts.forEach((a, t) => {
    ids.set(a.ids, from[t]!);
    at.set(a.at, from[t]!);
  });
  const names = Array.from({ length: analyzer.keyCount() }, (_, id) => analyzer.keyName(id));
  return { names, ids, at, from, lengths };
}

/** Longest text moveText packs (ids below 2^31 times this stay below 2^53). */
const MAX_SPAN = 2 ** 21;

/** The texts again (views of the packed arrays), in a key space that can take in more keys. */
export function unpackTexts(packed: PackedTexts): { texts: AnalyzedText[]; keys: OpenKeySpace } {
  const { names, ids, at, from, lengths } = packed;
  const texts = Array.from(lengths, (length, t) => compactText(ids.subarray(from[t]!, from[t + 1]!), at.subarray(from[t]!, from[t + 1]!), length, names));
  return { texts, keys: openKeySpace(names) };
}

/**
 * A text of another key space (whose names `nameOf` gives) as the same occurrences in `into`, its new keys added
 * there: ids translated, then sorted again by the new ids.
 */
export function moveText(text: AnalyzedText, nameOf: (id: number) => string, into: OpenKeySpace): AnalyzedText {
  const { ids, at } = text;
  // As the analyzer sorts: key id x span + position in one double, exact below 2^53.
  const span = text.length + 1;
  if (span > MAX_SPAN) throw new RangeError(`a text of ${text.length} words is too long to move between key spaces`);
  const packed = new Float64Array(ids.length);
  let last = -1;
  let moved = -1;
  for (let k = 0; k < ids.length; k++) {
    // Occurrences come grouped by key: one lookup per key.
    if (ids[k] !== last) {
      last = ids[k]!;
      moved = into.idFor(nameOf(last));
    }
    packed[k] = moved * span + at[k]!;
  }
  packed.sort();
  const newIds = new Int32Array(ids.length);
  const newAt = new Int32Array(ids.length);
  for (let k = 0; k < packed.length; k++) {
    const id = Math.floor(packed[k]! / span);
    newIds[k] = id;
    newAt[k] = packed[k]! - id * span;
  }
  return compactText(newIds, newAt, text.length, into.names);
}
