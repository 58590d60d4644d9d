// Text normalization before tokenizing: LaTeX markup, Greek letters, accents, ligatures and unicode dashes.

const GREEK: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ϵ: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta',
  ι: 'iota', κ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', π: 'pi', ρ: 'rho', σ: 'sigma', ς: 'sigma',
  τ: 'tau', υ: 'upsilon', φ: 'phi', ϕ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega',
  Γ: 'Gamma', Δ: 'Delta', Θ: 'Theta', Λ: 'Lambda', Ξ: 'Xi', Π: 'Pi', Σ: 'Sigma', Φ: 'Phi', Ψ: 'Psi', Ω: 'Omega',
};
const GREEK_NAMES = new Set(Object.values(GREEK).map((n) => n.toLowerCase()).concat(['varepsilon', 'vartheta', 'varphi']));
const GREEK_CHARS = new RegExp(`[${Object.keys(GREEK).join('')}]`, 'g');

/** LaTeX commands whose argument is the text itself (`\mathcal{G}` is `G`). */
const TEXT_COMMANDS = /\\(?:text[a-z]*|math[a-z]*|emph|operatorname|boldsymbol|bm|mbox|hbox|rm|bf|it|tt)\s*\{([^{}]*)\}/g;
const COMMAND = /\\([A-Za-z]+)/g;

/**
 * Rewrites a title or abstract into plain text a word tokenizer can read:
 * `$\mathcal{G}$-softmax` -> `G-softmax`, `R$^2$-CNN` -> `R2-CNN`, `$ρ$-VAE` -> `rho-VAE`, `Fréchet` -> `Frechet`,
 * `ﬁne` -> `fine`, `self‐supervised` (U+2010) -> `self-supervised`.
 */
export function normalizeText(text: string): string {
  let s = text;
  if (s.includes('\\') || s.includes('$')) s = stripLatex(s);
  // Fast path: plain ASCII needs nothing more (most abstracts).
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(s)) s = foldUnicode(s);
  return s;
}

function stripLatex(text: string): string {
  let s = text.replace(/\\\\/g, ' ');
  // Accent commands (`\'e`, `\"o`) keep their letter.
  s = s.replace(/\\['"`^~=.]\{?([A-Za-z])\}?/g, '$1');
  for (let i = 0; i < 3 && TEXT_COMMANDS.test(s); i++) s = s.replace(TEXT_COMMANDS, '$1');
  s = s.replace(COMMAND, (_, name: string) => (GREEK_NAMES.has(name.toLowerCase()) ? name.replace(/^var/, '') : ' '));
  // Super/subscripts glue to their base (`U$^2$-Net` is `U2-Net`), braces and math delimiters vanish.
  return s.replace(/[$^_{}]/g, '');
}

/** Letters NFD does not decompose into a base letter and a mark. */
const UNDECOMPOSED: Record<string, string> = { ß: 'ss', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i' };
const UNDECOMPOSED_CHARS = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');

function foldUnicode(text: string): string {
  let s = text.normalize('NFKC');
  s = s.replace(UNDECOMPOSED_CHARS, (c) => UNDECOMPOSED[c] ?? c);
  s = s.replace(GREEK_CHARS, (c) => GREEK[c] ?? c);
  s = s.replace(/[\u2010-\u2015\u2212\u00ad]/g, (c) => (c === '\u00ad' ? '' : '-'));
  s = s.replace(/[\u2018\u2019\u02bc]/g, "'");
  return s.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Lowercase, accent-free, single-spaced form of a person's name, for author matching. */
export function normalizeName(name: string): string {
  // Affiliation debris in author lists (`Laurent Wendling (LIPADE)`) is not part of the name.
  const bare = name.replace(/\([^)]*\)?/g, ' ');
  // eslint-disable-next-line no-control-regex
  const ascii = !/[^\x00-\x7f]/.test(bare);
  // In ASCII, letters and digits are [a-z0-9] once lowercased: the same filter without the slower unicode classes.
  return (ascii ? bare : foldUnicode(bare))
    .toLowerCase()
    .replace(ascii ? /[^a-z0-9\s-]/g : /[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^and /, '');
}
