/**
 * Text measured in terminal display columns, not in UTF-16 code units: a Chinese character takes
 * two columns, a combining mark or a zero-width joiner none (string-width, which follows Unicode's
 * East Asian Width), so tables line up and lines stay within the width whatever the script.
 */
import stringWidth from 'string-width';

/** The width the text takes on a terminal, in columns. */
export function columns(text: string): number {
  return stringWidth(text);
}

/** The text padded with spaces on the right to `width` columns. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}

/** The text padded with spaces on the left to `width` columns. */
export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - columns(text))) + text;
}

/**
 * Word-wraps text to lines of at most `width` columns, each ending in a newline. Lines break at
 * spaces and between two wide (CJK) characters, which Chinese and Japanese write without spaces;
 * closing punctuation (，。）」 …) stays with the character before it and opening punctuation
 * with the one after. A word wider than the line is cut.
 */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '', used = 0;
  for (const { text: t, spaced } of units(text)) {
    const w = columns(t), gap = spaced && used > 0 ? 1 : 0;
    if (used > 0 && used + gap + w > width) {
      lines.push(line);
      line = '';
      used = 0;
    }
    if (w > width) {
      for (const piece of cut(t, width)) {
        if (used > 0) lines.push(line);
        line = piece;
        used = columns(piece);
      }
      continue;
    }
    line += (used > 0 && spaced ? ' ' : '') + t;
    used += (used > 0 && spaced ? 1 : 0) + w;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((l) => l + '\n').join('');
}

/** Closing punctuation: never at the start of a line. */
const CLOSING = /^[，。、；：！？）」』】〉》〕…・,.;:!?)\]}%]$/u;
/** Opening punctuation: never at the end of a line. */
const OPENING = /^[（「『【〈《〔]$/u;

interface Unit {
  text: string;
  /** A space came before it (dropped where the line breaks). */
  spaced: boolean;
}

/** The unbreakable pieces of the text: words, single wide characters with their punctuation. */
function units(text: string): Unit[] {
  const out: Unit[] = [];
  let word = '', spaced = false, opening = '';
  const flush = () => {
    if (!word) return;
    out.push({ text: word, spaced });
    word = '';
    spaced = false;
  };
  for (const { segment: g } of new Intl.Segmenter().segment(text)) {
    if (/^\s+$/u.test(g)) {
      flush();
      spaced = true;
      continue;
    }
    const wide = columns(g) > 1;
    // `95 %`, `80 %`: the unit stays with its number, and what follows it unspaced (`80 %"`) with both.
    if (g === '%' && spaced && !word && out.length > 0) {
      const last = out.pop()!;
      word = last.text + ' %';
      spaced = last.spaced;
      continue;
    }
    if (CLOSING.test(g) && !spaced && (word || out.length > 0)) {
      if (word) word += g;
      else out[out.length - 1].text += g;
      continue;
    }
    if (OPENING.test(g) && wide) {
      flush();
      opening += g;
      continue;
    }
    if (wide) {
      flush();
      out.push({ text: opening + g, spaced });
      opening = '';
      spaced = false;
      continue;
    }
    if (!word && opening) {
      word = opening;
      opening = '';
    }
    word += g;
  }
  flush();
  if (opening) out.push({ text: opening, spaced: false });
  return out;
}

/** A word wider than `width` cut into pieces that fit. */
function cut(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const { segment: g } of new Intl.Segmenter().segment(word)) {
    if (piece && columns(piece + g) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += g;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** The width of what goes to stdout: the terminal's when it is narrower than 80 columns, else 80. */
export function outputWidth(): number {
  return Math.min(80, process.stdout.isTTY ? process.stdout.columns || 80 : 80);
}

/** `wrap` with every line `indent` columns in (wrap itself drops leading spaces). */
export function wrapIndented(text: string, width: number, indent = 2): string {
  const pad = ' '.repeat(indent);
  return wrap(text, Math.max(10, width - indent)).split('\n').map((l) => (l ? pad + l : l)).join('\n');
}
