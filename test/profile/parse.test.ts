import { describe, expect, it } from 'vitest';
import { formatProfile, mergeProfiles, parseProfile, PROFILE_LIMITS, removeTerms, validateProfile, type Profile } from '../../src/profile/index.js';

function ok(line: string): Profile {
  const r = parseProfile(line);
  if (!r.ok) throw new Error(`expected ${line} to parse: ${JSON.stringify(r.error)}`);
  return r.profile;
}

function err(line: string) {
  const r = parseProfile(line);
  if (r.ok) throw new Error(`expected ${line} to fail, got ${formatProfile(r.profile)}`);
  return r.error;
}

describe('parseProfile: every form', () => {
  it('reads words, phrases, weights, exclusions, authors and categories', () => {
    const p = ok('diffusion "neural radiance field" nerf^2 -survey -"medical imaging" author:"Kaiming He" cat:cs.RO');
    expect(p.terms.map((t) => [t.kind, t.text, t.weight, t.excluded, t.source])).toEqual([
      ['word', 'diffusion', 1, false, 'diffusion'],
      ['phrase', 'neural radiance field', 1, false, '"neural radiance field"'],
      ['word', 'nerf', 2, false, 'nerf^2'],
      ['word', 'survey', 1, true, '-survey'],
      ['phrase', 'medical imaging', 1, true, '-"medical imaging"'],
      ['author', 'Kaiming He', 1, false, 'author:"Kaiming He"'],
      ['category', 'cs.RO', 1, false, 'cat:cs.RO'],
    ]);
  });

  it('weights phrases, authors and categories, with decimals', () => {
    const p = ok('"gaussian splatting"^1.5 author:Davison^3 cat:eess.IV^0.5 ViT^.25');
    expect(p.terms.map((t) => t.source)).toEqual(['"gaussian splatting"^1.5', 'author:"Davison"^3', 'cat:eess.IV^0.5', 'ViT^0.25']);
    expect(p.terms.map((t) => t.weight)).toEqual([1.5, 3, 0.5, 0.25]);
  });

  it('canonicalises: spaces collapse, a quoted single word is a word, weights round to 2 decimals, ^1 vanishes', () => {
    const p = ok('  "neural    radiance  field"   "diffusion"  nerf^2.000  slam^1  gan^1.239 ');
    expect(formatProfile(p)).toBe('"neural radiance field" diffusion nerf^2 slam gan^1.24');
  });

  it('keeps hyphenated words, unicode names, acronyms and categories like physics.med-ph', () => {
    const p = ok('self-supervised author:"Matthias Nießner" 3D NeRF cat:physics.med-ph X-ray');
    expect(p.terms.map((t) => t.source)).toEqual(['self-supervised', 'author:"Matthias Nießner"', '3D', 'NeRF', 'cat:physics.med-ph', 'X-ray']);
  });

  it('accepts the typographic quotes and dashes chat clients substitute', () => {
    const p = ok('\u201cneural radiance field\u201d \u2014survey author:\u201cKaiming He\u201d');
    expect(formatProfile(p)).toBe('"neural radiance field" -survey author:"Kaiming He"');
  });

  it('spells categories the way arXiv does, whatever the case typed', () => {
    expect(formatProfile(ok('cat:CS.ro cat:Physics.Med-Ph cat:EESS.iv cat:HEP-TH'))).toBe('cat:cs.RO cat:physics.med-ph cat:eess.IV cat:hep-th');
  });

  it('accepts category-only and author-only profiles', () => {
    expect(formatProfile(ok('cat:cs.RO'))).toBe('cat:cs.RO');
    expect(formatProfile(ok('author:"Andrew J. Davison"'))).toBe('author:"Andrew J. Davison"');
  });

  it('round-trips: parseProfile(formatProfile(p)) equals p', () => {
    for (const line of [
      'diffusion "neural radiance field" nerf^2 -survey -"medical imaging" author:"Kaiming He" cat:cs.RO',
      '"gaussian splatting"^1.5 author:Davison^3 cat:eess.IV^0.5 ViT^.25 self-supervised',
      '\u201cfield of view\u201d^10 x-ray^0.1',
    ]) {
      const p = ok(line);
      expect(ok(formatProfile(p))).toEqual(p);
      expect(formatProfile(ok(formatProfile(p)))).toBe(formatProfile(p));
    }
  });

  it('equal terms of different lines are one frozen Term; terms that differ in weight or sign are not', () => {
    const [a, b] = [ok('nerf^2 -survey "view synthesis"'), ok('"view  synthesis" nerf^3 survey')];
    expect(a.terms[2]).toBe(b.terms[0]);
    expect(ok('cat:cs.CV nerf^2').terms[1]).toBe(a.terms[0]);
    expect(a.terms[0]).not.toBe(b.terms[1]);
    expect(a.terms[1]).not.toBe(b.terms[2]);
    expect(Object.isFrozen(a.terms[0])).toBe(true);
    expect(() => {
      (a.terms[0] as { weight: number }).weight = 5;
    }).toThrow(TypeError);
  });
});

describe('parseProfile: every error names the token and shows the right form', () => {
  const cases: [string, string, RegExp, RegExp][] = [
    ['', '', /empty/, /diffusion/],
    ['   ', '', /empty/, /diffusion/],
    ['nerf "neural radiance', '"neural radiance', /not closed/, /"neural radiance field"/],
    ['foo*', 'foo*', /unsupported character "\*"/, /author:"Kaiming He"/],
    ['a&b', 'a&b', /unsupported character "&"/, /cat:cs\.RO/],
    ['cs.RO', 'cs.RO', /looks like a category/, /cat:cs\.RO/],
    ['the', 'the', /too common/, /phrase/],
    ['"of the"', '"of the"', /only common words/, /in the wild/],
    ['"!!!"', '"!!!"', /has no words/, /"neural radiance field"/],
    ['""', '""', /phrase is empty/, /"neural radiance field"/],
    ['"a b"x', '"a b"x', /after the closing quote/, /"neural radiance field"/],
    ['nerf^', 'nerf^', /missing/, /nerf\^2/],
    ['nerf^abc', 'nerf^abc', /not a number/, /nerf\^2/],
    ['nerf^-1', 'nerf^-1', /not a number/, /nerf\^2/],
    ['nerf^0', 'nerf^0', /out of range/, /between 0\.1 and 10/],
    ['nerf^0.01', 'nerf^0.01', /out of range/, /between 0\.1 and 10/],
    ['nerf^11', 'nerf^11', /out of range/, /between 0\.1 and 10/],
    ['nerf^2^3', 'nerf^2^3', /only one weight/, /nerf\^2/],
    ['^2', '^2', /belongs to nothing/, /nerf\^2/],
    ['-', '-', /excludes nothing/, /-survey/],
    ['--survey', '--survey', /excludes nothing/, /-survey/],
    ['-survey^2', '-survey^2', /exclusion takes no weight/, /-survey$/],
    ['title:nerf', 'title:nerf', /unknown field "title:"/, /author:"Kaiming He" and cat:cs\.RO/],
    ['author:', 'author:', /author name is empty/, /author:"Kaiming He"/],
    ['author:""', 'author:""', /author name is empty/, /author:"Kaiming He"/],
    ['author:"He', 'author:"He', /not closed/, /"neural radiance field"/],
    ['author:Kaiming"He"', 'author:Kaiming"He"', /stray quote/, /author:"Kaiming He"/],
    ['author:"@#!"', 'author:"@#!"', /not a person's name/, /author:"Kaiming He"/],
    ['cat:', 'cat:', /not an arXiv category/, /cat:cs\.RO/],
    ['cat:cs.RO.x', 'cat:cs.RO.x', /not an arXiv category/, /cat:cs\.RO/],
    ['nerf NeRF', 'NeRF', /listed twice/, /keep one/],
    ['nerf -nerf', '-nerf', /both wanted and excluded/, /nerf or -nerf/],
    ['-survey -"medical imaging"', '-survey', /at least one term that is not an exclusion/, /diffusion -survey/],
    [`"${'long '.repeat(20)}x"`, `"${'long '.repeat(20)}x"`, /characters long|words/, /./],
    ['"one two three four five six seven eight nine"', '"one two three four five six seven eight nine"', /9 words \(at most 8\)/, /distinctive core/],
    [`${'a'.repeat(PROFILE_LIMITS.maxTermLength + 1)}`, 'a'.repeat(PROFILE_LIMITS.maxTermLength + 1), /characters long/, /shorter/],
    [Array.from({ length: 33 }, (_, i) => `w${i}x`).join(' '), 'w32x', /too many terms: at most 32/, /split/],
  ];
  for (const [line, token, message, hint] of cases) {
    it(`${JSON.stringify(line.length > 50 ? `${line.slice(0, 50)}...` : line)} -> ${message}`, () => {
      const e = err(line);
      expect(e.token).toBe(token);
      expect(e.message).toMatch(message);
      expect(e.hint).toMatch(hint);
    });
  }

  it('rejects an over-long line before reading it', () => {
    const e = err(`nerf ${'x'.repeat(PROFILE_LIMITS.maxLineLength)}`);
    expect(e.message).toMatch(/characters long \(at most 2000\)/);
  });

  it('stops at the first bad token of a line that is otherwise fine', () => {
    const e = err('diffusion nerf^2 foo* -survey');
    expect(e.token).toBe('foo*');
  });
});

describe('removeTerms and mergeProfiles', () => {
  it('removes by canonical form, ignoring case and weight but not the exclusion sign', () => {
    const p = ok('NeRF^2 "Neural Radiance Field" -survey author:"Kaiming He" cat:cs.RO diffusion');
    const out = removeTerms(p, ok('nerf "neural radiance field" author:"kaiming he" cat:CS.ro survey'));
    expect(formatProfile(out)).toBe('-survey diffusion');
    expect(formatProfile(removeTerms(out, ok('diffusion -survey')))).toBe('');
  });

  it('merges without duplicates; a re-subscribed term replaces the old one in place', () => {
    const a = ok('nerf diffusion -survey');
    const b = ok('NeRF^3 SLAM survey');
    const m = mergeProfiles(a, b);
    expect(formatProfile(m)).toBe('NeRF^3 diffusion survey SLAM');
    expect(validateProfile(m)).toBeNull();
  });

  it('a merge past the limits is caught by validateProfile', () => {
    const a = ok(Array.from({ length: 30 }, (_, i) => `a${i}z`).join(' '));
    const b = ok('one two three');
    const e = validateProfile(mergeProfiles(a, b));
    expect(e?.message).toMatch(/too many terms/);
    expect(e?.token).toBe('three');
  });
});
