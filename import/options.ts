/**
 * The encodings and delimiters an export may have, and how an option or a mapping names them:
 * a second front door of import/, light enough for the CLI's option parsers (it loads no
 * importer, no CSV or YAML parser).
 */
export const ENCODINGS = ['utf-8', 'gbk', 'gb18030', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Cell separators of CSV exports (`;` where the comma is the decimal mark; tab in Excel's "Unicode Text"). */
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** `,` `;` `tab` (or a tab character, `\t`) → the delimiter, else null. */
export function delimiterOf(text: string): Delimiter | null {
  const t = text === '\t' ? text : text.trim().toLowerCase();
  if (t === ',' || t === ';') return t;
  if (t === '\t' || t === 'tab' || t === '\\t') return '\t';
  return null;
}

/** `utf-8`, `utf8`, `UTF-16` (little-endian, as Excel writes it) … → the encoding, else null. */
export function encodingOf(text: string): Encoding | null {
  const e = text.trim().toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^utf-?16$/, 'utf-16le').replace(/^utf16(le|be)$/, 'utf-16$1');
  return (ENCODINGS as readonly string[]).includes(e) ? (e as Encoding) : null;
}
