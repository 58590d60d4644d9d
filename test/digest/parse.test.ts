// The digest Markdown parser on real corpus files (every variation the corpus has) and hand-made broken files.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDigest, MAX_WARNINGS_PER_FILE } from '../../src/digest/parse.js';
import type { Paper } from '../../src/paper.js';

const DIR = join(import.meta.dirname, '../fixtures/digest');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const parse = (name: string) => parseDigest(read(name), { file: name });
const byId = (papers: Paper[], id: string) => {
  const p = papers.find((x) => x.id === id);
  if (!p) throw new Error(`${id} not parsed`);
  return p;
};

describe('parseDigest on real corpus files', () => {
  it('reads a whole real file into papers with every field', () => {
    const r = parse('20190622.md');
    expect(r.kind).toBe('digest-markdown');
    expect(r.date).toBe('2019-06-22');
    expect(r.warnings).toEqual([]);
    expect(r.skipped).toBe(0);
    expect(r.papers.map((p) => p.id)).toEqual(['1906.09383', '1906.09433', '1906.09447', '1906.09449', '1906.09472', '1906.09513']);
    expect(r.papers[0]).toEqual({
      id: '1906.09383',
      version: 1,
      title: 'Baidu-UTS Submission to the EPIC-Kitchens Action Recognition Challenge 2019',
      authors: ['Xiaohan Wang', 'Yu Wu', 'Linchao Zhu', 'Yi Yang'],
      abstract: expect.stringMatching(/^In this report, we present the Baidu-UTS submission .* on both seen and unseen test set\.$/),
      categories: ['cs.CV'],
      primaryCategory: 'cs.CV',
      classifications: [],
      published: '2019-06-22T03:45:41Z',
      updated: '2019-06-22T03:45:41Z',
      dois: [],
      journalRef: null,
      comment: null,
      listed: '2019-06-22',
    });
    const v3 = byId(r.papers, '1906.09449');
    expect(v3.version).toBe(3);
    expect(v3.updated).toBe('2020-01-28T14:30:00Z');
    expect(v3.listed).toBe('2019-06-22');
  });

  it('reads the smallest real file (one entry)', () => {
    const r = parse('smallest-20210306.md');
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0]!.id).toBe('2103.04133');
    expect(r.warnings).toEqual([]);
  });

  it('joins wrapped Categories and Comment lines, keeps MSC/ACM codes apart, and survives ",,"', () => {
    const p = byId(parse('20191016-cut.md').papers, '1910.07133');
    expect(p.categories).toEqual(['cs.CV', 'cs.CE', 'cs.NA', 'cs.SY', 'eess.SY', 'math.NA']);
    expect(p.primaryCategory).toBe('cs.CV');
    expect(p.classifications).toEqual(['47Axx', '42Cxx', '65Txx', '65Dxx', '11Cxx', '12Yxx', '13P15', '15BXX', '94Axx', '97H60', '97R20', 'B.7', 'C.5', 'E.4', 'G.1', 'I.4', 'I.5', 'I.6', 'J.7']);
    expect(p.comment).toBe(
      'This is a preprint of a paper whose final and definite form is published in Circuits, Systems, and Signal Processing,, Springer, https://link.springer.com/article/10.1007/s00034-019-01240-9, ISSN 0278-081X (print), ISSN 1531-5878 (Online)',
    );
    expect(p.dois).toEqual(['10.1007/s00034-019-01240-9']);
  });

  it('joins a Categories list wrapped over two continuation lines; the primary is the entry\'s own, not the file\'s', () => {
    const r = parse('20190114-cut.md');
    const p = byId(r.papers, '1901.04405');
    expect(p.primaryCategory).toBe('quant-ph');
    expect(p.categories).toEqual(['quant-ph', 'cs.CV', 'cs.DM', 'math.OC', 'physics.chem-ph']);
    expect(p.classifications).toContain('81-08');
    expect(p.classifications).toContain('G.1.5');
    expect(p.classifications.at(-1)).toBe('K.2');
    expect(r.warnings).toEqual([]);
  });

  it('reads a DOI field wrapped onto a continuation line (several DOIs), each DOI once', () => {
    const p = byId(parse('20200901-cut.md').papers, '2009.00726');
    expect(p.dois).toEqual(['10.1007/978-3-030-58589-1_19']);
    expect(p.classifications).toEqual(['I.4.9']);
  });

  it('treats a continuation line starting with "  - " as text, not a list item', () => {
    const r = parse('20191115-cut.md');
    const p = byId(r.papers, '1911.06475');
    expect(p.comment).toContain('- Its shorter version has been accepted by Medical Imaging with Deep Learning');
    expect(r.warnings).toEqual([]);
  });

  it('keeps MSC "(Primary)/(Secondary)" and ACM ";"-lists as classifications', () => {
    const r = parse('20190307-cut.md');
    expect(byId(r.papers, '1903.02679').classifications).toEqual(['I.2.10', 'I.4', 'I.5']);
    expect(byId(r.papers, '1903.02695')).toMatchObject({ categories: ['cs.CV', 'stat.ML'], classifications: ['68T45', 'I.4.9', 'J.3'] });
    expect(byId(r.papers, '1903.03221').classifications).toEqual(['60G22', '60G35 (Primary)', '42C40', '60G20 (Secondary)']);
  });

  it('takes a non-cs primary category (physics.geo-ph) as the entry says', () => {
    const p = parse('20190327-cut.md').papers[0]!;
    expect(p.primaryCategory).toBe('physics.geo-ph');
    expect(p.categories[0]).toBe('physics.geo-ph');
    expect(p.categories).toContain('cs.CV');
  });

  it('drops the "and " before the last author', () => {
    const p = parse('20190321-cut.md').papers[0]!;
    expect(p.authors).toEqual(['Abhiram Gnanasambandam', 'Omar Elgendy', 'Jiaju Ma', 'Stanley H. Chan']);
    expect(p.dois).toEqual(['10.1364/OE.27.017298']);
  });

  it('reads versions above v9', () => {
    expect(parse('20190328-cut.md').papers[0]).toMatchObject({ id: '1903.12141', version: 11 });
  });

  it('removes the DEL characters real author names carry, without a warning', () => {
    const r = parse('20200222-cut.md');
    expect(r.warnings).toEqual([]);
    const authors = r.papers[0]!.authors;
    expect(authors).toContain('Michael J. A. Girard');
    expect(authors.join()).not.toMatch(/\x7F/);
  });

  it('keeps titles with <, >, &, $ LaTeX and non-ASCII exactly as written', () => {
    expect(parse('20190109-cut.md').papers[0]!.title).toBe('Neural RGB->D Sensing: Depth and Uncertainty from a Video Camera');
    expect(parse('20191111-cut.md').papers[0]!.title).toBe('360SD-Net: 360° Stereo Depth Estimation with Learnable Cost Volume');
    const latex = parse('20191114-cut.md');
    expect(byId(latex.papers, '1911.05920').title).toBe(
      'Understanding the Disharmony between Weight Normalization Family and Weight Decay: $ε-$shifted $L_2$ Regularizer',
    );
  });
});

describe('parseDigest on the variations of other years (hand-made from real arXiv metadata)', () => {
  it('reads old-style ids and N/A, and continuation lines starting with "  #" or "  - "', () => {
    const r = parse('hand-made/old-style-ids.md');
    expect(r.warnings).toEqual([]);
    const cs = byId(r.papers, 'cs/0503050');
    expect(cs).toMatchObject({ version: 1, primaryCategory: 'cs.SE', journalRef: 'N/A', listed: '2005-03-21' });
    expect(cs.comment).toBe('24 pages, 3 figures, submitted to Software Testing, Verification and Reliability # (STVR)');
    const hep = byId(r.papers, 'hep-ph/0301050');
    expect(hep).toMatchObject({ version: 2, dois: ['10.1016/j.physletb.2003.08.045'], journalRef: 'Phys.Lett.B573:94-100,2003' });
    expect(hep.comment).toMatch(/deriving lower - limits on theta_\{13\}$/);
  });

  it('reads 4-digit ids (2007-2014) and a wrapped Journal', () => {
    const r = parse('hand-made/four-digit-ids.md');
    expect(r.papers.map((p) => p.id)).toEqual(['1205.1866', '1202.4527']);
    const p = byId(r.papers, '1202.4527');
    expect(p.journalRef).toBe('International Journal of Software Engineering & Applications (IJSEA), Vol.3, No.1, January 2012');
    expect(p.authors).toEqual(['A. Isabella', 'Emi Retna']);
    expect(p.classifications).toEqual(['68N30', 'D.2.5']);
  });

  it('reads a 2025-style entry: https links and one long unwrapped line per field', () => {
    const r = parse('hand-made/https-2025.md');
    expect(r.warnings).toEqual([]);
    expect(r.papers[0]).toMatchObject({ id: '2511.02810', version: 1, primaryCategory: 'cs.SE', listed: '2025-11-04' });
    expect(r.papers[0]!.comment!.length).toBeGreaterThan(300);
  });

  it('drops affiliation debris and empty slots from authors; reads several DOIs on one line', () => {
    const p = parse('hand-made/author-debris.md').papers[0]!;
    expect(p.authors).toEqual(['Sylvain Lobry', 'Laurent Wendling (LIPADE)', 'Jiaju Ma']);
    expect(p.dois).toEqual(['10.1364/OE.27.017298', '10.48550/arXiv.1903.09036']);
  });
});

describe('parseDigest on broken input', () => {
  it('reads CRLF files as LF, with one warning', () => {
    const r = parse('hand-made/crlf.md');
    expect(r.papers).toEqual(parse('20190321-cut.md').papers);
    expect(r.warnings).toEqual([{ file: 'hand-made/crlf.md', line: 1, message: 'CRLF line endings: read as LF' }]);
  });

  it('keeps the whole entries of a truncated file and skips the cut one, naming its line', () => {
    const r = parse('hand-made/truncated.md');
    expect(r.papers.map((p) => p.id)).toEqual(['1906.09383', '1906.09433']);
    expect(r.skipped).toBe(1);
    expect(r.warnings).toContainEqual({
      file: 'hand-made/truncated.md',
      line: 30,
      message: 'entry "Adaptive Period Embedding for Representing Oriented Objects in Aerial Images" 1906.09447 has no Summary field: skipped',
    });
    expect(r.warnings.some((w) => w.line === 38 && /ends without a newline/.test(w.message))).toBe(true);
  });

  it('warns on a file that ends mid-line but keeps a complete-looking last entry', () => {
    const text = read('20190321-cut.md').trimEnd();
    const r = parseDigest(text, { file: 'x.md' });
    expect(r.papers).toHaveLength(1);
    expect(r.warnings).toEqual([{ file: 'x.md', line: 12, message: 'the file ends without a newline: the last entry may be truncated' }]);
  });

  it('ignores binary junk lines, strips control characters, flags invalid UTF-8, and keeps both entries', () => {
    const bytes = readFileSync(join(DIR, 'hand-made/binary-junk.md'));
    const r = parseDigest(bytes.toString('utf8'), { file: 'junk.md' });
    expect(r.papers.map((p) => p.id)).toEqual(['1910.07113', '1910.07133']);
    expect(byId(r.papers, '1910.07133').title).toBe('Design of a Simple Orthogonal Multiwavelet Filter by Matrix Spectral Factorization');
    expect(byId(r.papers, '1910.07133').abstract).toMatch(/^We consider the \uFFFD design/);
    expect(r.warnings.map((w) => [w.line, w.message.replace(/:.*/s, '')])).toEqual([
      [16, 'unexpected line ignored'],
      [17, 'title holds control characters'],
      [31, 'Summary holds bytes that are not UTF-8 (shown as U+FFFD)'],
    ]);
  });

  it('repairs an entry missing an optional field, skips one missing its Summary, recovers a missing id from the PDF link', () => {
    const r = parse('hand-made/missing-fields.md');
    expect(r.papers.map((p) => p.id)).toEqual(['1903.02679', '1903.03221']);
    expect(byId(r.papers, '1903.02679').dois).toEqual([]);
    expect(byId(r.papers, '1903.03221').version).toBe(1);
    expect(r.skipped).toBe(1);
    expect(r.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      '2: 1903.02679: no DOI field',
      '16: entry "Novel quantitative indicators of digital ophthalmoscopy image quality" 1903.02695 has no Summary field: skipped',
      '29: Arxiv ID missing: the id 1903.03221 is taken from the PDF link',
    ]);
  });

  it('skips an entry with an unreadable id and no link, and one without a title', () => {
    const good = read('20190321-cut.md');
    const noId = good.replace(/- \*\*Arxiv ID\*\*: .*/, '- **Arxiv ID**: http://arxiv.org/abs/not-an-id').replace(/- \*\*Links\*\*: .*\n/, '');
    const r = parseDigest(noId, { file: 'a.md' });
    expect(r.papers).toEqual([]);
    expect(r.skipped).toBe(1);
    expect(r.warnings.at(-1)!.message).toMatch(/has an unreadable Arxiv ID "http:\/\/arxiv.org\/abs\/not-an-id": skipped$/);
    const untitled = parseDigest(good.replace(/^### .*$/m, '### '), { file: 'b.md' });
    expect(untitled.papers).toEqual([]);
    expect(untitled.warnings).toEqual([{ file: 'b.md', line: 2, message: 'entry 1903.09036 has no title: skipped' }]);
  });

  it('repairs bad times: unreadable Published from Updated, Updated before Published', () => {
    const good = read('20190321-cut.md');
    const a = parseDigest(good.replace('2019-03-21 14:49:07+00:00', 'yesterday'), { file: 'a.md' });
    expect(a.papers[0]!.published).toBe('2019-05-20T20:38:55Z');
    expect(a.warnings[0]!.message).toMatch(/Published unreadable \("yesterday"\): Updated used/);
    const b = parseDigest(good.replace('2019-05-20 20:38:55+00:00', '2019-01-01 00:00:00+00:00'), { file: 'b.md' });
    expect(b.papers[0]!.updated).toBe('2019-03-21T14:49:07Z');
    expect(b.warnings[0]!.message).toMatch(/Updated is before Published/);
    const c = parseDigest(good.replace('2019-03-21 14:49:07+00:00', '2019-02-30 14:49:07+00:00').replace('2019-05-20 20:38:55+00:00', 'never'), { file: 'c.md' });
    expect(c.papers).toEqual([]);
    expect(c.warnings.at(-1)!.message).toMatch(/no readable Published or Updated time: skipped$/);
  });

  it('ignores junk lines between fields and keeps the entry', () => {
    const r = parse('hand-made/junk-between-fields.md');
    expect(r.papers).toEqual(parse('20190321-cut.md').papers);
    expect(r.warnings.map((w) => w.line)).toEqual([6, 7]);
    expect(r.warnings[0]!.message).toBe('unexpected line ignored: "this line does not belong to the format"');
  });

  it('reports an empty file with a warning at line 0 and no papers', () => {
    const r = parse('hand-made/empty.md');
    expect(r.papers).toEqual([]);
    expect(r.notice).toBeUndefined();
    expect(r.warnings).toEqual([{ file: 'hand-made/empty.md', line: 0, message: 'empty file: no digest header and no entries' }]);
    expect(parseDigest('\n\n  \n').warnings[0]!.message).toMatch(/^empty file/);
  });

  it('gives a header-only digest a notice, not a warning', () => {
    const r = parse('hand-made/header-only.md');
    expect(r).toMatchObject({ papers: [], warnings: [], date: '2019-12-25', notice: 'the digest lists no entries' });
  });

  it('keeps one paper per id in a file with duplicates: the newest version, in the first one\'s place', () => {
    const r = parse('hand-made/duplicate.md');
    expect(r.papers.map((p) => `${p.id}v${p.version}`)).toEqual(['1906.09449v3', '1906.09383v1', '1906.09433v1']);
    expect(byId(r.papers, '1906.09449').updated).toBe('2020-01-28T14:30:00Z');
    expect(r.warnings).toEqual([]);
  });

  it('falls back to the Published day when the header is missing or has a bad date, with one warning', () => {
    const none = parse('hand-made/no-header.md');
    expect(none.papers[0]!.listed).toBe('2019-03-21');
    expect(none.date).toBeUndefined();
    expect(none.warnings).toHaveLength(1);
    expect(none.warnings[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^no "# Arxiv Papers in/) });
    const bad = parse('hand-made/bad-header.md');
    expect(bad.papers[0]!.listed).toBe('2019-03-21');
    expect(bad.warnings).toEqual([
      { file: 'hand-made/bad-header.md', line: 1, message: 'digest header has no valid date ("2019-02-30"): each entry\'s Published day is used as its listing day' },
    ]);
  });

  it('takes the listing day from the header, not from Published', () => {
    const text = read('20190321-cut.md').replace('on 2019-03-21', 'on 2019-03-22');
    expect(parseDigest(text).papers[0]!.listed).toBe('2019-03-22');
  });

  it('closes an entry whose "### " line was lost rather than mixing two papers', () => {
    const two = read('20190622.md').replace('### Deep Single Image Deraining Via Estimating Transmission and Atmospheric Light in rainy Scenes\n', '');
    const r = parseDigest(two, { file: 'lost.md' });
    expect(r.papers.map((p) => p.id)).toEqual(['1906.09383', '1906.09447', '1906.09449', '1906.09472', '1906.09513']);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'Arxiv ID field outside an entry (no "### " title line before it)',
      'entry 1906.09433 has no title: skipped',
    ]);
  });

  it('warns on unknown and repeated fields and ignores them', () => {
    const text = read('20190321-cut.md').replace('- **Comment**: None', '- **Comment**: None\n- **Comment**: again\n- **Funding**: NSF');
    const r = parseDigest(text, { file: 'f.md' });
    expect(r.papers[0]!.comment).toBeNull();
    expect(r.warnings.map((w) => w.message)).toEqual(['repeated Comment field in the entry at line 2: ignored', 'unknown field "Funding": ignored']);
  });

  it('never throws on a binary file, and sums it up in one warning', () => {
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    const r = parseDigest(bytes.toString('utf8'), { file: 'blob.bin' });
    expect(r.papers).toEqual([]);
    expect(r.warnings).toEqual([
      { file: 'blob.bin', line: 1, message: expect.stringMatching(/^not a digest: no "# Arxiv Papers in <category> on YYYY-MM-DD" header and no "### " entries \(\d+ lines of other text\)$/) },
    ]);
  });

  it('caps the warnings of a digest full of junk lines', () => {
    const junk = Array.from({ length: 300 }, (_, i) => `junk ${i}`).join('\n');
    const r = parseDigest(`${junk}\n${read('20190321-cut.md')}${junk}\n`, { file: 'j.md' });
    expect(r.papers).toHaveLength(1);
    expect(r.warnings).toHaveLength(MAX_WARNINGS_PER_FILE + 1);
    expect(r.warnings[0]).toEqual({ file: 'j.md', line: 1, message: 'unexpected line ignored: "junk 0"' });
    expect(r.warnings.at(-1)!.message).toBe('400 more warnings not listed');
  });

  it('says a Markdown file that is not a digest is not one', () => {
    const r = parseDigest('# Notes\n\nSome text.\n- a list\n', { file: 'notes.md' });
    expect(r.papers).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toMatch(/^not a digest: .*\(3 lines of other text\)$/);
  });

  it('skips a leading byte-order mark', () => {
    const r = parseDigest(`\uFEFF${read('20190321-cut.md')}`);
    expect(r.warnings).toEqual([]);
    expect(r.date).toBe('2019-03-21');
  });

  it('reads two digests concatenated, each entry listed on its own header\'s day', () => {
    const r = parseDigest(read('20190321-cut.md') + read('20190328-cut.md'));
    expect(r.papers.map((p) => [p.id, p.listed])).toEqual([['1903.09036', '2019-03-21'], ['1903.12141', '2019-03-28']]);
    expect(r.date).toBe('2019-03-21');
  });
});
