// Foreign text (names and answers from Festime, file names) printed for a person: a control
// character or an invisible format character is shown as an escape, never sent to the terminal
// as it is. ESC could clear the screen or rewrite a line, U+202E reverse what follows, a stray
// carriage return overwrite a column: what is printed is what the data holds, visibly.

/**
 * C0 controls, DEL and C1 controls (\p{Cc}); format characters (\p{Cf}: the bidi controls
 * U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C, the zero-width ones, U+FEFF, the soft
 * hyphen…); the line and paragraph separators U+2028/U+2029.
 */
const UNSEEN = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
/** The same minus C0, which JSON.stringify escapes in strings (and whose \n lays out the JSON itself). */
const UNSEEN_IN_JSON = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOf(ch: string): string {
  const short = SHORT[ch];
  if (short) return short;
  const code = ch.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** One table cell or one line: every such character escaped, line breaks included (`\x1b`, `\n`, `\u202e`). */
export function visible(text: string): string {
  return text.replace(UNSEEN, escapeOf);
}

/** A message of one or more lines: the same, except that its own line breaks stay line breaks. */
export function visibleLines(text: string): string {
  return text.replace(UNSEEN, (ch) => (ch === '\n' ? ch : escapeOf(ch)));
}

/**
 * JSON for programs: the data exact, but the characters JSON.stringify leaves raw that would act
 * on a terminal (DEL, C1, format characters, U+2028/U+2029) written as \uXXXX escapes, which
 * every JSON reader turns back into the same characters.
 */
export function jsonText(value: unknown): string {
  // Outside strings JSON holds only ASCII, so every match is inside a string; an astral one is two \\u escapes.
  return JSON.stringify(value, null, 2).replace(UNSEEN_IN_JSON, (ch) =>
    [...Array(ch.length).keys()].map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
