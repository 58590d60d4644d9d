// Unit tests for reading user search text into quoted FTS5 terms, including a fuzz run against real FTS5.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { allOf, anyOf, MAX_TERMS, parseSearchText } from '../../src/archive/fts-query.js';

const words = (text: string) => parseSearchText(text).terms.map((t) => (t.phrase ? `"${t.words.join(' ')}"` : t.words[0]));

describe('parseSearchText', () => {
  it('splits words and quoted phrases, lower-cased', () => {
    expect(words('Point cloud "Semantic Segmentation" NeRF')).toEqual(['point', 'cloud', '"semantic segmentation"', 'nerf']);
    expect(parseSearchText('point cloud').notice).toBeUndefined();
  });

  it('reads curly quotes as quotes', () => {
    expect(words('\u201cobject detection\u201d')).toEqual(['"object detection"']);
  });

  it('keeps hyphenated and dotted words together as phrases, as FTS5 indexes them', () => {
    expect(words('state-of-the-art self-supervised 3D-aware')).toEqual(['"state of the art"', '"self supervised"', '"3d aware"']);
  });

  it('drops stop words unless nothing else is left, but keeps them inside phrases', () => {
    expect(words('the segmentation of a scene')).toEqual(['segmentation', 'scene']);
    expect(words('the of a')).toEqual(['the', 'of', 'a']);
    expect(words('"the art of" painting')).toEqual(['"the art of"', 'painting']);
  });

  it('removes duplicate terms', () => {
    expect(words('gan GAN Gan "gan"')).toEqual(['gan']);
    expect(words('"point cloud" point cloud "Point Cloud"')).toEqual(['"point cloud"', 'point', 'cloud']);
  });

  it('drops FTS5 operators and says which', () => {
    const q = parseSearchText('NEAR(point cloud) AND lidar* OR ^camera NOT -radar title:fusion {abstract}: x+y');
    expect(words('NEAR(point cloud) AND lidar* OR ^camera NOT -radar title:fusion')).toEqual([
      'point',
      'cloud',
      'lidar',
      'camera',
      'radar',
      'title',
      'fusion',
    ]);
    for (const op of ['NEAR', 'AND', 'OR', 'NOT', '*', '^', '( )', '-', ':', '{ }', '+']) expect(q.notice).toContain(op);
    expect(q.notice).toMatch(/^ignored: /);
  });

  it('reads lower-case and/or/not as (stop) words, not operators', () => {
    const q = parseSearchText('detection and tracking or not');
    expect(words('detection and tracking or not')).toEqual(['detection', 'tracking']);
    expect(q.notice).toBeUndefined();
  });

  it('ignores an unbalanced quote and says so', () => {
    const q = parseSearchText('"point cloud completion');
    expect(q.terms.map((t) => t.words.join(' '))).toEqual(['point', 'cloud', 'completion']);
    expect(q.notice).toMatch(/unbalanced quote/);
    expect(words('"a b" "c d')).toEqual(['"a b"', 'c', 'd']);
  });

  it('strips control characters and emoji', () => {
    expect(words('seg\u0000men\u0007tation 🚀 lidar\u200b')).toEqual(['seg', 'men', 'tation', 'lidar']);
    expect(parseSearchText('🚀🙂').notice).toBe('query has no searchable words');
    expect(parseSearchText('  ').notice).toBe('query is empty');
    expect(parseSearchText('').notice).toBe('query is empty');
  });

  it('keeps non-Latin words and accents (FTS5 folds them)', () => {
    expect(words('Pérez 画像 Ñandú')).toEqual(['pérez', '画像', 'ñandú']);
  });

  it(`keeps the first ${MAX_TERMS} terms of a long query and says so`, () => {
    const text = Array.from({ length: 50 }, (_, i) => `word${i}`).join(' ');
    const q = parseSearchText(text);
    expect(q.terms.length).toBe(MAX_TERMS);
    expect(q.terms[0]?.words).toEqual(['word0']);
    expect(q.notice).toBe(`query too long: used the first ${MAX_TERMS} words`);
  });

  it('reads only the start of a 10 kB paste', () => {
    const q = parseSearchText(`lidar ${'a'.repeat(10_000)}`);
    expect(q.terms[0]?.words).toEqual(['lidar']);
    expect(q.notice).toMatch(/too long/);
  });

  it('builds AND / OR expressions of quoted terms', () => {
    const q = parseSearchText('lidar "point cloud"');
    expect(allOf(q.terms)).toBe('"lidar" "point cloud"');
    expect(anyOf(q.terms)).toBe('"lidar" OR "point cloud"');
  });

  it('never produces an expression FTS5 rejects (fuzzed with hostile characters)', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5 (a, b, tokenize = 'porter unicode61 remove_diacritics 2')");
    db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run('point cloud segmentation', 'near and or not');
    const match = db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?');
    const alphabet = ['"', "'", '(', ')', '*', '^', ':', '-', '+', '{', '}', 'NEAR', 'AND', 'OR', 'NOT', ' ', '\u0000', '🚀', 'é', 'seg', 'point', ',', '\\', '\u201c', 'a'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let ran = 0;
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: 1 + rand(12) }, () => alphabet[rand(alphabet.length)]).join(rand(2) ? ' ' : '');
      const q = parseSearchText(text);
      if (q.terms.length === 0) {
        expect(q.notice).toBeTruthy();
        continue;
      }
      expect(() => match.get(allOf(q.terms)), text).not.toThrow();
      expect(() => match.get(anyOf(q.terms)), text).not.toThrow();
      expect(() => match.get(`{a} : (${allOf(q.terms)})`), text).not.toThrow();
      ran++;
    }
    expect(ran).toBeGreaterThan(500);
    db.close();
  });
});
