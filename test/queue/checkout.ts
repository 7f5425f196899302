import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** What a checkout needs to run `simlapse` (cli/main.ts and everything it imports). */
const SOURCES = ['engine', 'node', 'cli', 'scenarios', 'csv', 'import', 'package.json', 'tsconfig.json'];

export interface Checkout {
  dir: string;
  remove(): void;
}

/**
 * A second checkout of this project in a temporary folder: the sources copied, node_modules
 * linked (as a second `npm ci` of the same lockfile would give), then `edit` applied to it:
 * what a worker machine at another commit looks like.
 */
export function secondCheckout(edit: (dir: string) => void = () => {}): Checkout {
  const dir = mkdtempSync(join(tmpdir(), 'simlapse-checkout-'));
  for (const s of SOURCES) cpSync(s, join(dir, s), { recursive: true });
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  edit(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Replaces `from` by `to` in a checkout's file; throws if `from` is not there (the edit would silently do nothing). */
export function replaceIn(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
  writeFileSync(path, text.replace(from, to));
}
