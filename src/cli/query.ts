// `paperboy search`, `digest` and `rank`: the archive and the ranker from the command line, as text or JSON.
import { UserError } from '../errors.js';
import { openEngine } from '../engine.js';
import { resolveSince } from '../commands/search.js';
import type { Paper } from '../paper.js';
import type { Match } from '../ranking.js';
import { parse, str, positiveInt, day } from './args.js';
import type { CliIo } from './main.js';
import type { ChannelTarget, Platform } from '../adapter.js';
import type { Reply } from '../reply.js';
import { renderText } from '../render-text.js';

/** The JSON shape of a paper on the command line (authors and categories as arrays). */
export function paperJson(p: Paper, extra: { score?: number; matched?: Match[]; status?: string } = {}) {
  return {
    id: p.id,
    version: p.version,
    title: p.title,
    authors: p.authors,
    categories: p.categories,
    primaryCategory: p.primaryCategory,
    published: p.published,
    updated: p.updated,
    doi: p.dois[0] ?? null,
    dois: p.dois,
    journalRef: p.journalRef,
    comment: p.comment,
    abstract: p.abstract,
    listed: p.listed,
    ...extra,
  };
}

export async function searchCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    cat: { type: 'string', multiple: true },
    since: { type: 'string' },
    author: { type: 'string' },
    limit: { type: 'string' },
  });
  const text = positionals.join(' ');
  if (!text.trim() && !values.author && !values.cat) throw new UserError('bad_argument', 'search needs a query (paperboy search "QUERY")');
  const sinceArg = str(values, 'since');
  const since = sinceArg === undefined ? undefined : resolveSince(sinceArg, new Date());
  if (since === null) throw new UserError('bad_argument', `--since must be YYYY-MM-DD or a span like 7d, 4w (got "${sinceArg}")`);
  const limit = positiveInt(str(values, 'limit'), 'limit', 10, 500);
  const engine = await openEngine(values, io, { quiet: true });
  try {
    const result = await engine.archive.search({ text, categories: values.cat as string[] | undefined, since, author: str(values, 'author'), limit });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(result.hits.map((h) => paperJson(h.paper, { score: h.score })), null, 2)}\n`);
    } else {
      if (result.notice) io.stdout.write(`${result.notice}\n`);
      io.stdout.write(`${result.hits.length} of ${result.total}${result.totalCapped ? '+' : ''} papers\n`);
      result.hits.forEach((h, i) => io.stdout.write(`${i + 1}. [${h.paper.id}] ${h.paper.title} (${h.paper.listed}; score ${h.score.toFixed(2)})\n`));
    }
    return 0;
  } finally {
    await engine.close();
  }
}

function parseTarget(text: string | undefined, fallback: ChannelTarget): ChannelTarget {
  if (!text) return fallback;
  const [platform, workspace, channel] = text.split(':');
  if (!['console', 'slack', 'discord'].includes(platform ?? '') || !workspace || !channel) {
    throw new UserError('bad_argument', `--channel must be PLATFORM:WORKSPACE:CHANNEL, e.g. slack:T123:C456 (got "${text}")`);
  }
  return { platform: platform as Platform, workspace, channel };
}

function replyJson(reply: Reply) {
  if (reply.kind !== 'digest') return reply;
  return {
    date: reply.date,
    title: reply.title,
    summary: reply.summary,
    notice: reply.notice ?? null,
    sections: reply.sections.map((s) => ({
      heading: s.heading,
      mention: s.mention ?? null,
      papers: s.items.map((i) => paperJson(i.paper, { score: i.score, matched: i.matched, status: i.status })),
    })),
    papers: reply.sections.flatMap((s) => s.items.map((i) => paperJson(i.paper, { score: i.score, matched: i.matched, status: i.status }))),
  };
}

export async function digestCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { date: { type: 'string' }, channel: { type: 'string' } });
  const engine = await openEngine(values, io, { quiet: true });
  try {
    const target = parseTarget(str(values, 'channel'), engine.defaultTarget());
    const date = day(str(values, 'date'), 'date') ?? (await engine.archive.days(1))[0];
    if (!date) throw new UserError('not_found', 'the archive is empty: run paperboy ingest PATH first');
    const { reply } = await engine.composeDigest(target, date);
    io.stdout.write(values.json ? `${JSON.stringify(replyJson(reply), null, 2)}\n` : `${renderText(reply)}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}

export async function rankCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { profile: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, limit: { type: 'string' } });
  const line = str(values, 'profile');
  if (!line?.trim()) throw new UserError('bad_argument', 'rank needs --profile "LINE" (e.g. --profile \'"gaussian splatting" nerf^2 -survey\')');
  const limit = positiveInt(str(values, 'limit'), 'limit', 20, 1000);
  const engine = await openEngine(values, io, { quiet: true });
  try {
    const ranking = await engine.ranking();
    const checked = ranking.profiles.normalize(line);
    if (!checked.ok) throw new UserError('bad_argument', `${checked.message} (${checked.hint})`);
    const [latest] = await engine.archive.days(1);
    const to = day(str(values, 'to'), 'to') ?? latest;
    const from = day(str(values, 'from'), 'from') ?? to;
    if (!from || !to) throw new UserError('not_found', 'the archive is empty: run paperboy ingest PATH first');
    if (from > to) throw new UserError('bad_argument', `--from ${from} is after --to ${to}`);
    const papers = await engine.archive.listedBetween(from, to);
    const ranked = ranking.rank(line, papers, { limit });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(ranked.map((r) => paperJson(r.paper, { score: r.score, matched: r.matched })), null, 2)}\n`);
    } else {
      io.stdout.write(`${ranked.length} papers for ${checked.line} (${from}..${to}, ${papers.length} papers ranked)\n`);
      ranked.forEach((r, i) => io.stdout.write(`${i + 1}. [${r.paper.id}] ${r.paper.title} (score ${r.score.toFixed(2)}; ${ranking.explain(r)})\n`));
    }
    return 0;
  } finally {
    await engine.close();
  }
}
