// The digest Markdown source: the newest daily file of a local directory, or one file served at a URL.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDigest } from '../digest/parse.js';
import { UserError } from '../errors.js';
import { detectKind } from './detect.js';
import { FetchError, type PoliteFetcher } from './fetcher.js';
import { snippet, withStaleness, type LastBatch, type Source, type SourceBatch } from './source.js';

export interface DigestSourceOptions {
  /** A directory of daily files (`cs.CV/2021/11/20211117.md`), one file, or an http(s) URL of one file. */
  dirOrUrl: string;
  /** Needed for a URL. */
  fetcher?: PoliteFetcher;
  lastBatch?: LastBatch;
}

/** The newest `.md` file under `dir`: daily files are named by date, so the greatest file name is the newest day. */
export async function newestDigestFile(dir: string): Promise<string | null> {
  const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.md') && !/(^|\/)README\.md$/i.test(n));
  if (!names.length) return null;
  const base = (n: string): string => n.slice(n.lastIndexOf('/') + 1);
  names.sort((a, b) => base(a).localeCompare(base(b)) || a.localeCompare(b));
  return join(dir, names[names.length - 1]!);
}

export function digestSource(opts: DigestSourceOptions): Source {
  const where = opts.dirOrUrl;
  const isUrl = /^https?:\/\//i.test(where);
  return {
    name: `digest:${where}`,
    async fetchLatest(): Promise<SourceBatch> {
      let text: string;
      let file: string;
      if (isUrl) {
        if (!opts.fetcher) throw new UserError('bad_config', `digest source ${where} is a URL, but no fetcher was given`);
        const res = await opts.fetcher.get(where);
        if (detectKind(res.text) !== 'digest-markdown') {
          throw new FetchError('garbage', `${where} answered HTTP ${res.status} but not with a digest Markdown file ("${snippet(res.text)}")`, {
            url: where,
            status: res.status,
            body: res.text,
          });
        }
        text = res.text;
        file = where;
      } else {
        let found: string | null;
        try {
          found = (await stat(where)).isDirectory() ? await newestDigestFile(where) : where;
        } catch (err) {
          throw new UserError('not_found', `digest source ${where} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
        }
        if (!found) {
          return { kind: 'digest-markdown', papers: [], warnings: [], stale: false, notice: `no digest files (*.md) under ${where}` };
        }
        text = await readFile(found, 'utf8');
        file = found;
      }
      return withStaleness(parseDigest(text, { file }), file, opts.lastBatch);
    },
  };
}
