/** An export file's bytes, encoding and delimiter, read from disk (Node). */
import { createReadStream } from 'node:fs';
import { decodeChunks, detectEncoding, type ByteChunks } from './encoding.ts';
import type { Delimiter, Encoding } from './options.ts';
import { detectDelimiter } from './delimiter.ts';

/** The file's bytes in chunks of 64 KB (`chunk` bytes). */
export function fileChunks(path: string, chunk = 1 << 16): ByteChunks {
  return createReadStream(path, { highWaterMark: chunk }) as AsyncIterable<Uint8Array>;
}

/** The file's encoding (import/encoding.ts `detectEncoding`), read in 1 MB chunks. */
export function fileEncoding(path: string): Promise<{ encoding: Encoding; bom: boolean }> {
  return detectEncoding(fileChunks(path, 1 << 20));
}

/** The delimiter of a CSV export, from its header line. */
export function fileDelimiter(path: string, encoding: Encoding): Promise<Delimiter> {
  return detectDelimiter(decodeChunks(fileChunks(path), encoding));
}
