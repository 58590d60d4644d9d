// Splits command text into arguments: whitespace-separated, "double quotes" (straight or curly) keep spaces.

export interface Token {
  /** The text as typed, quotes included. */
  raw: string;
  /** Without the surrounding quotes. */
  value: string;
  quoted: boolean;
}

const QUOTES = /["\u201c\u201d\u201e\u201f\u00ab\u00bb]/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const s = text.normalize('NFC');
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const start = i;
    let value = '';
    let quoted = false;
    while (i < s.length && !/\s/.test(s[i]!)) {
      if (QUOTES.test(s[i]!)) {
        quoted = true;
        i++;
        while (i < s.length && !QUOTES.test(s[i]!)) value += s[i++];
        i++; // the closing quote (or the end of an unbalanced one)
      } else {
        value += s[i++];
      }
    }
    tokens.push({ raw: s.slice(start, Math.min(i, s.length)), value, quoted });
  }
  return tokens;
}
