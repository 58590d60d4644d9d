// The CLI end to end: real child processes, a real SQLite archive in a temp data directory, real sample files.
import { describe, it, expect, beforeAll } from 'vitest';
import { writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, ROOT } from '../support/cli.js';

const SAMPLES = join(ROOT, 'samples/digests/cs.CV/2021/11');

describe('paperboy CLI', () => {
  let data: string;
  beforeAll(async () => {
    data = tempDir('pb-cli-');
  });

  it('ingest --json reports counts, and a second run adds nothing', async () => {
    const first = await runCli(['ingest', SAMPLES, '--data', data, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a).toMatchObject({ updated: 0, skipped: 0 });
    expect(a.added).toBeGreaterThan(700);
    expect(a.warnings).toEqual([]);
    const second = JSON.parse((await runCli(['ingest', SAMPLES, '--data', data, '--json'])).stdout);
    expect(second.added).toBe(0);
    expect(second.unchanged).toBe(a.added + a.unchanged);
  });

  it('ingest takes globs, and a malformed file loses nothing else', async () => {
    const dir = tempDir('pb-glob-');
    mkdirSync(join(dir, 'in'));
    copyFileSync(join(SAMPLES, '20211127.md'), join(dir, 'in/20211127.md'));
    writeFileSync(join(dir, 'in/broken.md'), '# Arxiv Papers in cs.CV on 2021-11-27\n### Half an entry\n- **Arxiv ID**: http://arxiv.org/abs/2111.99999v1\n\u0000\u0001garbage\n');
    const result = await runCli(['ingest', join(dir, 'in/*.md'), '--data', join(dir, 'data'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.added).toBe(30);
    expect(report.warnings.some((w: { file: string }) => w.file.endsWith('broken.md'))).toBe(true);
  });

  it('search --json returns papers in the documented shape, all query words first', async () => {
    const result = await runCli(['search', 'point cloud segmentation', '--data', data, '--json', '--limit', '5']);
    expect(result.code, result.stderr).toBe(0);
    const papers = JSON.parse(result.stdout);
    expect(papers.length).toBe(5);
    expect(Object.keys(papers[0])).toEqual(expect.arrayContaining(['id', 'version', 'title', 'authors', 'categories', 'primaryCategory', 'published', 'updated', 'doi', 'journalRef', 'comment', 'abstract', 'score']));
    expect(Array.isArray(papers[0].authors)).toBe(true);
    const text = `${papers[0].title} ${papers[0].abstract}`.toLowerCase();
    expect(text).toContain('point');
    expect(text).toContain('cloud');
  });

  it('search filters by category, author and date', async () => {
    const byCat = JSON.parse((await runCli(['search', 'robot', '--cat', 'cs.RO', '--data', data, '--json'])).stdout);
    expect(byCat.length).toBeGreaterThan(0);
    for (const p of byCat) expect(p.categories).toContain('cs.RO');
    const since = JSON.parse((await runCli(['search', 'segmentation', '--since', '2021-11-29', '--data', data, '--json'])).stdout);
    for (const p of since) expect(p.listed >= '2021-11-29').toBe(true);
  });

  it('digest --json ranks the configured channel profile with explanations', async () => {
    const result = await runCli(['digest', '--date', '2021-11-30', '--data', data, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const digest = JSON.parse(result.stdout);
    expect(digest.date).toBe('2021-11-30');
    expect(digest.papers.length).toBeGreaterThan(0);
    for (const p of digest.papers) {
      expect(p.score).toBeGreaterThan(0);
      expect(p.matched.length).toBeGreaterThan(0);
    }
  });

  it('digest on a day with no announcement says so instead of an empty list', async () => {
    const result = await runCli(['digest', '--date', '2021-12-25', '--data', data, '--json']);
    expect(result.code).toBe(0);
    const digest = JSON.parse(result.stdout);
    expect(digest.papers).toEqual([]);
    expect(digest.notice).toMatch(/No new arXiv announcement .* Saturday 2021-12-25 \(weekend\)/);
  });

  it('rank --profile ranks a period by any profile line', async () => {
    const result = await runCli(['rank', '--profile', '"point cloud" lidar^2 -survey', '--from', '2021-11-22', '--to', '2021-11-30', '--limit', '5', '--data', data, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const ranked = JSON.parse(result.stdout);
    expect(ranked.length).toBe(5);
    expect(ranked[0].score).toBeGreaterThanOrEqual(ranked[4].score);
    expect(ranked[0].matched.length).toBeGreaterThan(0);
  });

  it('user errors exit 2 with one line and no stack trace', async () => {
    for (const args of [['frobnicate'], ['search'], ['rank', '--profile', 'foo:bar'], ['digest', '--date', 'tomorrow'], ['ingest', '/no/such/path'], ['search', 'x', '--limit', 'lots'], ['search', 'x', '--bogus']]) {
      const result = await runCli([...args, '--data', data]);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
