// Renders the reply model as plain text: the console adapter's output and the CLI's human-readable form.
import type { Reply, PaperItem, DigestSection } from './reply.js';
import { absUrl } from './paper.js';
import type { Match } from './ranking.js';

const FIELD: Record<Match['field'], string> = { title: 'title', abstract: 'abstract', authors: 'author', categories: 'category' };

/** "matched gaussian splatting (title), SLAM (abstract)". */
export function explainMatches(matched: Match[] | undefined): string {
  if (!matched?.length) return '';
  const parts = matched.map((m) => (m.field === 'authors' || m.field === 'categories' ? m.term : `${m.term} (${FIELD[m.field]})`));
  return `matched ${[...new Set(parts)].join(', ')}`;
}

export function shortAuthors(authors: string[], max = 3): string {
  if (authors.length === 0) return 'unknown authors';
  return authors.length > max ? `${authors.slice(0, max).join(', ')} et al.` : authors.join(', ');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function snippet(text: string, max: number): string {
  const t = oneLine(text);
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

function renderItem(item: PaperItem, n: number): string[] {
  const p = item.paper;
  const tag = item.status && item.status !== 'new' ? ` [${item.status}]` : '';
  const lines = [`${n}. ${oneLine(p.title)}${tag}`, `   ${shortAuthors(p.authors)} · ${p.categories.slice(0, 3).join(', ')} · ${absUrl(p.id)}`];
  const why = explainMatches(item.matched);
  if (why) lines.push(`   ${why}${item.score !== undefined ? ` · score ${item.score.toFixed(2)}` : ''}`);
  lines.push(`   ${snippet(p.abstract, 240)}`);
  return lines;
}

function renderSection(section: DigestSection): string[] {
  return [``, `== ${section.heading} ==`, ...section.items.flatMap((item, i) => renderItem(item, i + 1))];
}

export function renderText(reply: Reply): string {
  switch (reply.kind) {
    case 'digest': {
      const out = [`# ${reply.title}`, reply.summary];
      if (reply.notice) out.push(reply.notice);
      for (const s of reply.sections) out.push(...renderSection(s));
      return out.join('\n');
    }
    case 'papers': {
      const first = (reply.page - 1) * reply.pageSize;
      const out = [`# ${reply.title}`];
      if (reply.items.length) out.push(`${first + 1}-${first + reply.items.length} of ${reply.total}`);
      if (reply.notice) out.push(reply.notice);
      reply.items.forEach((item, i) => out.push(...renderItem(item, first + i + 1)));
      if (reply.next) out.push(``, `More: /papers ${reply.next}`);
      return out.join('\n');
    }
    case 'message':
      return [...(reply.title ? [`# ${reply.title}`] : []), ...reply.lines].join('\n');
    case 'error':
      return [`Error: ${reply.message}`, ...(reply.usage ? [`Usage: ${reply.usage}`] : [])].join('\n');
  }
}
