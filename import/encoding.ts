/**
 * Text encodings of exports: UTF-8 (with or without BOM), GBK / GB18030 as Chinese platforms
 * write, and UTF-16 (Excel's "Unicode Text", tab-separated, little-endian with a BOM).
 * Pure: reads byte chunks (a file's stream in Node, a File's bytes in the page).
 */
import type { Encoding } from './options.ts';

/** Byte chunks of a file, in order. */
export type ByteChunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Bytes looked at for UTF-16 without a BOM. */
const SNIFF_BYTES = 4096;

/**
 * Detects a file's encoding: a BOM says UTF-8, UTF-16LE or UTF-16BE; text without a BOM whose
 * first bytes are mostly ASCII with a zero byte beside each (`A\0B\0`) is UTF-16 of that byte
 * order; else the whole file is checked as UTF-8 (streamed) and the first invalid sequence
 * means GBK (read as GB18030, its superset).
 */
export async function detectEncoding(chunks: ByteChunks): Promise<{ encoding: Encoding; bom: boolean }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    for await (const bytes of chunks) {
      if (first) {
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true };
        if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
        if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true };
        const utf16 = utf16Order(bytes.subarray(0, SNIFF_BYTES));
        if (utf16) return { encoding: utf16, bom: false };
      }
      first = false;
      decoder.decode(bytes, { stream: true });
    }
    decoder.decode();
    return { encoding: 'utf-8', bom: false };
  } catch (err) {
    if (err instanceof TypeError) return { encoding: 'gbk', bom: false };
    throw err;
  }
}

/** UTF-16 without a BOM: at least a third of the byte pairs have a zero on one side only, all on the same side. */
function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  let even = 0, odd = 0;
  const pairs = bytes.length >> 1;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    if (bytes[i] === 0 && bytes[i + 1] !== 0) even++;
    else if (bytes[i + 1] === 0 && bytes[i] !== 0) odd++;
  }
  if (pairs < 2) return null;
  if (odd * 3 >= pairs && even === 0) return 'utf-16le';
  if (even * 3 >= pairs && odd === 0) return 'utf-16be';
  return null;
}

/** Bytes that are not text in the encoding given: decodeChunks with `given`. */
export class EncodingError extends Error {}

/**
 * The text of a file's bytes, decoded chunk by chunk (a BOM is dropped). With `given` (the
 * encoding was named, not detected: --encoding, a mapping's `encoding:`) bytes that are not text in
 * it are an EncodingError naming the first of them, not U+FFFD written into the cards' cells.
 */
export async function* decodeChunks(chunks: ByteChunks, encoding: Encoding, given = false): AsyncGenerator<string> {
  const label = encoding === 'gbk' ? 'gb18030' : encoding;
  const decoder = new TextDecoder(label, { fatal: given });
  let offset = 0;
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch (err) {
      if (err instanceof TypeError) throw new EncodingError(notText(chunk, offset, encoding));
      throw err;
    }
    offset += chunk.length;
    if (text) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch (err) {
    if (err instanceof TypeError) throw new EncodingError(`the file ends inside a character: it is not ${NAMES[encoding]} text (the encoding given); ${DETECT}`);
    throw err;
  }
  if (rest) yield rest;
}

const NAMES: Record<Encoding, string> = { 'utf-8': 'UTF-8', gbk: 'GBK', gb18030: 'GB18030', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' };
const DETECT = 'without --encoding (and a mapping\'s encoding:) the encoding is detected, or give the right one';

/** The message for a chunk that does not decode: its first byte that does not, found again one byte at a time. */
function notText(chunk: Uint8Array, offset: number, encoding: Encoding): string {
  const decoder = new TextDecoder(encoding === 'gbk' ? 'gb18030' : encoding, { fatal: true });
  let k = 0;
  try {
    for (; k < chunk.length; k++) decoder.decode(chunk.subarray(k, k + 1), { stream: true });
  } catch {
    // k: the byte the decoder refused (the end of a bad sequence)
  }
  const at = Math.min(k, chunk.length - 1);
  return `byte 0x${chunk[at].toString(16).toUpperCase().padStart(2, '0')} at byte offset ${offset + at} is not valid ${NAMES[encoding]} (the encoding given); ${DETECT}`;
}
