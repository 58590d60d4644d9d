// Path expansion: files, directories, globs (`*`, `?`, `**`), and clear errors for paths that name nothing.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { expandPaths, PathError } from '../../src/paths.js';
import { isUserError } from '../../src/errors.js';

let root: string;
const rel = (files: string[]) => files.map((f) => relative(root, f));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pb-paths-'));
  for (const f of ['cs.CV/2019/01/20190102.md', 'cs.CV/2019/01/20190101.md', 'cs.CV/2019/02/20190201.md', 'cs.CV/2020/12/20201201.md',
    'cs.CV/notes.txt', 'cs.LG/2019/01/20190101.md', 'feeds/a.xml', 'feeds/b.jsonl', 'cs.CV/.hidden.md', '.git/config', 'x?.md']) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), f);
  }
  // A link back up the tree must not make a walk loop.
  symlinkSync(join(root, 'cs.CV/2019'), join(root, 'cs.CV/2019/loop'));
  symlinkSync(join(root, 'feeds/a.xml'), join(root, 'feeds/c.xml'));
});

describe('expandPaths', () => {
  it('takes a file as given', async () => {
    expect(rel(await expandPaths([join(root, 'feeds/a.xml')]))).toEqual(['feeds/a.xml']);
  });

  it('takes every regular non-hidden file under a directory, recursively and sorted, following links once', async () => {
    expect(rel(await expandPaths([join(root, 'cs.CV')]))).toEqual([
      'cs.CV/2019/01/20190101.md',
      'cs.CV/2019/01/20190102.md',
      'cs.CV/2019/02/20190201.md',
      'cs.CV/2020/12/20201201.md',
      'cs.CV/notes.txt',
    ]);
  });

  it('expands * and ? within one path segment', async () => {
    expect(rel(await expandPaths([join(root, 'cs.CV/2019/01/*.md')]))).toEqual(['cs.CV/2019/01/20190101.md', 'cs.CV/2019/01/20190102.md']);
    expect(rel(await expandPaths([join(root, 'cs.CV/2019/0?/2019010?.md')]))).toEqual(['cs.CV/2019/01/20190101.md', 'cs.CV/2019/01/20190102.md']);
    expect(rel(await expandPaths([join(root, 'feeds/*.jsonl')]))).toEqual(['feeds/b.jsonl']);
  });

  it('expands ** over any depth, including none', async () => {
    expect(rel(await expandPaths([join(root, '**/20190101.md')]))).toEqual(['cs.CV/2019/01/20190101.md', 'cs.LG/2019/01/20190101.md']);
    expect(rel(await expandPaths([join(root, 'cs.CV/**/*.md')]))).toEqual([
      'cs.CV/2019/01/20190101.md',
      'cs.CV/2019/01/20190102.md',
      'cs.CV/2019/02/20190201.md',
      'cs.CV/2020/12/20201201.md',
    ]);
    expect(rel(await expandPaths([join(root, 'cs.*/2019/*/*.md')]))).toHaveLength(4);
  });

  it('takes all files of a directory a glob matches, and no hidden ones unless the pattern names a dot', async () => {
    expect(rel(await expandPaths([join(root, 'cs.CV/20*')]))).toHaveLength(4);
    await expect(expandPaths([join(root, 'cs.CV/*.md')])).rejects.toMatchObject({ code: 'not_found' });
    expect(rel(await expandPaths([join(root, 'cs.CV/.*.md')]))).toEqual(['cs.CV/.hidden.md']);
  });

  it('keeps input order and lists a file once, even when reached through a link', async () => {
    const got = rel(await expandPaths([join(root, 'feeds/b.jsonl'), join(root, 'feeds'), join(root, 'feeds/a.xml')]));
    expect(got).toEqual(['feeds/b.jsonl', 'feeds/a.xml']);
  });

  it('takes a file whose name holds a glob character literally when it exists', async () => {
    expect(rel(await expandPaths([join(root, 'x?.md')]))).toEqual(['x?.md']);
  });

  it('works with relative paths', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect(await expandPaths(['feeds/*.xml', 'cs.LG'])).toEqual(['feeds/a.xml', 'cs.LG/2019/01/20190101.md']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('rejects a path that names nothing with a not_found user error', async () => {
    const missing = join(root, 'nope/20190101.md');
    const err = await expandPaths([join(root, 'feeds'), missing]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PathError);
    expect(isUserError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'not_found', path: missing, message: `no such file or directory: ${missing}` });
  });

  it('rejects a glob that matches nothing, naming the glob', async () => {
    const pattern = join(root, 'cs.CV/**/*.xml');
    await expect(expandPaths([pattern])).rejects.toMatchObject({ code: 'not_found', message: `no files match ${pattern}` });
    await expect(expandPaths([''])).rejects.toMatchObject({ code: 'not_found' });
  });
});
