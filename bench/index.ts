// `npm run bench [AREA...]`: every benchmark in one run, each printing its figures beside the baselines.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pino } from 'pino';
import { corpusDir } from './lib.js';
import type { Bot } from '../src/adapter.js';

/** A real bot over the whole corpus (SQLite archive in a temp dir), for the platform latency benchmarks. */
async function corpusBot(): Promise<{ bot: Bot; close(): Promise<void> } | undefined> {
  const corpus = corpusDir();
  if (!corpus) return undefined;
  const { loadConfig } = await import('../src/config.js');
  const { createEngine } = await import('../src/engine.js');
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-bot-'));
  const loaded = loadConfig({ cwd: process.cwd(), dataDir: dir, env: {} });
  const engine = createEngine(loaded, pino({ level: 'silent' }));
  await engine.ingest([corpus]);
  const bot = await engine.bot();
  return {
    bot,
    async close() {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const AREAS: Record<string, () => Promise<void>> = {
  parse: async () => (await import('./parse.js')).run(),
  archive: async () => (await import('./archive.js')).run(),
  sources: async () => (await import('./sources.js')).run(),
  quality: async () => (await import('./quality.js')).run(),
  ranking: async () => (await import('./ranking.js')).run(),
  slack: async () => {
    const real = await corpusBot();
    try {
      await (await import('./slack.js')).run(real ? async () => real.bot : undefined);
    } finally {
      await real?.close();
    }
  },
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((a) => !(a in AREAS));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(AREAS).join(', ')}`);
  process.exit(2);
}
console.log(`# Paperboy benchmarks (${new Date().toISOString()}, node ${process.version})`);
let failed = 0;
for (const name of wanted.length ? wanted : Object.keys(AREAS)) {
  console.log(`\n# ${name}`);
  try {
    await AREAS[name]!();
  } catch (err) {
    failed++;
    console.log(`(${name} benchmark failed: ${(err as Error).stack ?? err})`);
  }
}
process.exitCode = failed ? 1 : 0;
