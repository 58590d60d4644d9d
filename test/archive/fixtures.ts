// Real cs.CV papers (listings of 2021-11-20 and 2021-11-21, copied from the corpus) as Paper objects for archive tests.
import { readFileSync } from 'node:fs';
import type { Paper } from '../../src/paper.js';

const FILE = new URL('../fixtures/archive/papers.json', import.meta.url);

/** Fresh copies every call, so a test that edits a paper cannot leak into another. */
export function fixturePapers(): { day1: Paper[]; day2: Paper[]; all: Paper[] } {
  const byDay = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, Paper[]>;
  const day1 = byDay['2021-11-20'] ?? [];
  const day2 = byDay['2021-11-21'] ?? [];
  if (day1.length === 0 || day2.length === 0) throw new Error(`${FILE.pathname}: expected both fixture days`);
  return { day1, day2, all: [...day1, ...day2] };
}

export function paperById(papers: Paper[], id: string): Paper {
  const p = papers.find((x) => x.id === id);
  if (!p) throw new Error(`fixture paper ${id} missing`);
  return structuredClone(p);
}
