// Expands the paths a user gives (files, directories, globs with `*`, `?` and `**`) into a sorted list of files.
import { readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { UserError } from './errors.js';

/** A path the user gave that cannot be used: `not_found` (nothing there, or a glob matching nothing), `unreadable`, `not_a_file`. */
export class PathError extends UserError {
  constructor(
    code: 'not_found' | 'unreadable' | 'not_a_file',
    message: string,
    readonly path: string,
  ) {
    super(code, message);
  }
}

const MAGIC = /[*?]/;

/** True when a path holds glob characters (`*`, `?`). */
export function hasGlob(path: string): boolean {
  return MAGIC.test(path);
}

/**
 * Every regular file the inputs name, in input order, each once: a file as given; a directory's files recursively,
 * sorted; a glob's matches sorted (a matched directory contributes all its files). Symbolic links are followed; a
 * file reached twice is listed once. Hidden entries (`.git`,
 * `.DS_Store`) inside directories are left out; a glob segment starting with `.` can still name them. A path that
 * names nothing, or a glob that matches nothing, rejects with a PathError before anything is returned.
 */
export async function expandPaths(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  // Keyed by real path: a file reached twice (given twice, or through a link) is read once.
  const seen = new Set<string>();
  for (const input of inputs) {
    for (const file of await expandOne(input)) {
      const real = await realpath(file).catch(() => file);
      if (seen.has(real)) continue;
      seen.add(real);
      out.push(file);
    }
  }
  return out;
}

async function expandOne(input: string): Promise<string[]> {
  if (input.trim() === '') throw new PathError('not_found', 'an empty path was given', input);
  const st = await statOrNull(input);
  if (st) return fromStat(input, st);
  if (hasGlob(input)) {
    const matches = await glob(input);
    if (matches.length === 0) throw new PathError('not_found', `no files match ${input}`, input);
    return matches;
  }
  throw new PathError('not_found', `no such file or directory: ${input}`, input);
}

async function fromStat(path: string, st: Stats): Promise<string[]> {
  if (st.isFile()) return [path];
  if (st.isDirectory()) {
    const files: string[] = [];
    await walk(path, files, new Set());
    return files.sort(byPath);
  }
  throw new PathError('not_a_file', `not a regular file or directory: ${path}`, path);
}

/** Stats through symlinks; null when nothing is there; a PathError when something is there but cannot be read. */
async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new PathError('unreadable', `cannot read ${path}: ${(err as Error).message}`, path);
  }
}

async function list(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new PathError('unreadable', `cannot list ${dir}: ${(err as Error).message}`, dir);
  }
}

/** Kind of a directory entry, following symlinks (a dangling link is neither). */
async function kindOf(dir: string, entry: Dirent): Promise<'file' | 'dir' | 'other'> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (!entry.isSymbolicLink()) return 'other';
  const st = await statOrNull(join(dir, entry.name));
  return st?.isFile() ? 'file' : st?.isDirectory() ? 'dir' : 'other';
}

/** Every regular, non-hidden file under `dir`; `seen` holds real paths of directories walked, so link loops end. */
async function walk(dir: string, files: string[], seen: Set<string>): Promise<void> {
  const real = await realpath(dir);
  if (seen.has(real)) return;
  seen.add(real);
  for (const entry of await list(dir)) {
    if (entry.name.startsWith('.')) continue;
    const kind = await kindOf(dir, entry);
    if (kind === 'file') files.push(join(dir, entry.name));
    else if (kind === 'dir') await walk(join(dir, entry.name), files, seen);
  }
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `*` and `?` within one segment (never across `/`, never a leading `.`); every other character literal. */
function segmentRegex(segment: string): RegExp {
  let re = '';
  for (const ch of segment) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function glob(pattern: string): Promise<string[]> {
  const segments = pattern.split(/\/+/).filter((s, i) => s !== '' || i === 0);
  // The literal head of the pattern is where the search starts.
  let base = isAbsolute(pattern) ? sep : '.';
  let i = segments[0] === '' ? 1 : 0;
  const head: string[] = [];
  while (i < segments.length - 1 && !hasGlob(segments[i]!)) head.push(segments[i++]!);
  if (head.length) base = isAbsolute(pattern) ? join(sep, ...head) : join(...head);
  const matched: string[] = [];
  await matchFrom(base, segments.slice(i), 0, matched, new Set());
  const files = new Set<string>();
  for (const path of [...new Set(matched)].sort(byPath)) {
    const st = await statOrNull(path);
    if (st?.isFile()) files.add(path);
    else if (st?.isDirectory()) for (const f of await fromStat(path, st)) files.add(f);
  }
  return [...files].sort(byPath);
}

async function matchFrom(dir: string, segs: string[], i: number, out: string[], seen: Set<string>): Promise<void> {
  if (i === segs.length) {
    out.push(dir);
    return;
  }
  const seg = segs[i]!;
  if (seg === '**') {
    const real = await realpath(dir).catch(() => dir);
    if (seen.has(`${real}\0${i}`)) return;
    seen.add(`${real}\0${i}`);
    await matchFrom(dir, segs, i + 1, out, seen);
    const st = await statOrNull(dir);
    if (!st?.isDirectory()) return;
    for (const entry of await list(dir)) {
      if (entry.name.startsWith('.')) continue;
      if ((await kindOf(dir, entry)) === 'dir') await matchFrom(join(dir, entry.name), segs, i, out, seen);
    }
    return;
  }
  if (!hasGlob(seg)) {
    const next = join(dir, seg);
    if (await statOrNull(next)) await matchFrom(next, segs, i + 1, out, seen);
    return;
  }
  const st = await statOrNull(dir);
  if (!st?.isDirectory()) return;
  const re = segmentRegex(seg);
  const hidden = seg.startsWith('.');
  for (const entry of await list(dir)) {
    if (entry.name.startsWith('.') && !hidden) continue;
    if (re.test(entry.name)) await matchFrom(join(dir, entry.name), segs, i + 1, out, seen);
  }
}
