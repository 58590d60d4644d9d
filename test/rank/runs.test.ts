import { describe, expect, it } from 'vitest';
import { runFrequency, type IdPattern } from '../../src/rank/runs.js';
import { termFrequency } from '../../src/rank/score.js';
import { createAnalyzer, type Analyzer, type Pattern } from '../../src/text/analyzer.js';
import { papers } from './helpers.js';

/** A term's patterns by key id (a pattern holding a key no analysed text has cannot match, as rankMany drops it). */
function byId(analyzer: Analyzer, alternatives: Pattern[]): IdPattern[] {
  return alternatives
    .map((p) => ({ ids: p.keys.map((k) => analyzer.keyId(k)), offsets: p.offsets }))
    .filter((p) => p.ids.every((id) => id >= 0));
}

describe('counting on key runs (rankMany) = counting on the key map (rankPapers)', () => {
  const analyzer = createAnalyzer({ synonyms: { nerf: '"neural radiance field"', sfm: '"structure from motion"' } });
  const texts = [
    'A Self-Supervised method, self supervised and selfsupervised: state-of-the-art, the state of the art.',
    'NeRFs and NeRF: neural radiance fields; a Neural Radiance Field; nerf; NERF-based R2-CNN and RCNN.',
    'hyper graph, a hyper-graph, a hypergraph; pre training and pretraining; structure from motion (SfM).',
    'The field of the view, fields of view, field-of-view; multi-view stereo, Multi View Stereo.',
    '',
    ...papers.flatMap((p) => [p.title, p.abstract]),
  ].map((t) => analyzer.analyze(t));
  const terms = [
    'self-supervised', 'self supervised', 'selfsupervised', 'state of the art', 'state-of-the-art', 'nerf', 'NeRF',
    'neural radiance field', 'hypergraph', 'pretraining', 'field of view', 'multi view stereo', 'R2-CNN', 'RCNN', 'sfm',
    'structure from motion', 'learning', 'deep learning', 'image segmentation', 'the', 'of the', 'network',
    ...papers.flatMap((p) => p.title.split(/[\s:,;()]+/).slice(0, 4)).filter((w) => w.length > 2),
  ];
  it('every term in every text: the same frequency', () => {
    let nonzero = 0;
    for (const term of terms) {
      const q = analyzer.query(term);
      const ids = byId(analyzer, q.alternatives);
      for (const text of texts) {
        const expected = termFrequency(text, q.alternatives);
        expect(runFrequency(text, ids), `${term} in a text of ${text.length} words`).toBe(expected);
        if (expected > 0) nonzero++;
      }
    }
    // Not vacuous: many (term, text) pairs occur, several of them more than once.
    expect(nonzero).toBeGreaterThan(300);
  });
});

describe('analysed texts as key runs', () => {
  it('runs are sorted by key id then position, with no (key, position) twice, and agree with the key map', () => {
    const a = createAnalyzer();
    for (const p of papers) {
      const t = a.analyze(`${p.title} SLAM-SLAMs self-supervised ${p.abstract}`);
      for (let k = 1; k < t.ids.length; k++) {
        const ordered = t.ids[k - 1]! < t.ids[k]! || (t.ids[k - 1] === t.ids[k] && t.at[k - 1]! < t.at[k]!);
        expect(ordered).toBe(true);
      }
      let occurrences = 0;
      for (const [key, positions] of t.keys) {
        occurrences += positions.length;
        const id = a.keyId(key);
        expect(a.keyName(id)).toBe(key);
        expect(positions).toEqual([...t.at.filter((_, k) => t.ids[k] === id)]);
      }
      expect(occurrences).toBe(t.ids.length);
    }
  });

  it('a text too long to pack (2^21 words and more) is analysed the same way', () => {
    const a = createAnalyzer();
    const unit = 'Alpha beta-gamma NeRF of ';
    const repeats = Math.ceil(2 ** 21 / 5) + 1;
    const long = a.analyze(unit.repeat(repeats));
    const short = a.analyze(unit.repeat(3));
    expect(long.length).toBe(5 * repeats);
    for (const [key, positions] of short.keys) {
      const all = long.keys.get(key)!;
      expect(all.length).toBe((positions.length / 3) * repeats);
      expect(all.slice(0, positions.length)).toEqual(positions);
    }
    expect(long.keys.size).toBe(short.keys.size);
  });
});
