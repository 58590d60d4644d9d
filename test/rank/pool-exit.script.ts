// Run by pool.test.ts as its own process: a ranking on the rank pool with nothing else keeping the process alive
// must still finish (the worker is referenced while it owes chunks) and print its size.
import { buildCorpusStats } from '../../src/rank/index.js';
import { createRankPool } from '../../src/rank/pool.js';
import { createAnalyzer } from '../../src/text/analyzer.js';
import { papers, profile } from './helpers.js';

const analyzer = createAnalyzer();
const stats = buildCorpusStats(papers, analyzer);
const words = [...new Set(papers.flatMap((p) => p.title.toLowerCase().split(/[^a-z]+/)))].filter((w) => w.length > 4);
const profiles = new Map(words.slice(0, 300).map((w, i) => [`p${i}`, profile(`${w} ${words[(i + 1) % words.length]!}^2`)]));
const pool = createRankPool({ chunk: 1 });
await pool.warm();
const ranked = await pool.rankMany(profiles, papers, { analyzer, stats, limit: 3 });
process.stdout.write(`ranked ${ranked.size} of ${profiles.size}\n`);
