/** Text encodings of exports: UTF-8 (with or without BOM) or GBK / GB18030, as Chinese platforms write. */
import { createReadStream } from 'node:fs';
import type { Encoding } from './mapping.ts';

/**
 * Detects a file's encoding: a UTF-8 BOM → UTF-8; else the whole file is checked as UTF-8
 * (streamed) and the first invalid sequence means GBK (read as GB18030, its superset).
 */
export async function detectEncoding(path: string): Promise<{ encoding: Encoding; bom: boolean }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      if (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true };
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

/** The file's text, decoded chunk by chunk (a BOM is dropped). */
export async function* decodeFile(path: string, encoding: Encoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === 'gbk' ? 'gb18030' : encoding);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
