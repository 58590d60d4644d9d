// Shared setup for the ranker tests: real papers from the corpus (test/fixtures/rank/papers.json).
import { readFileSync } from 'node:fs';
import type { Paper } from '../../src/paper.js';
import { parseProfile, type Profile } from '../../src/profile/index.js';

export const papers: Paper[] = JSON.parse(readFileSync(new URL('../fixtures/rank/papers.json', import.meta.url), 'utf8')) as Paper[];

export function paper(id: string): Paper {
  const p = papers.find((x) => x.id === id);
  if (p === undefined) throw new Error(`no fixture paper ${id}`);
  return p;
}

export function profile(line: string): Profile {
  const r = parseProfile(line);
  if (!r.ok) throw new Error(`bad profile ${line}: ${r.error.message}`);
  return r.profile;
}
