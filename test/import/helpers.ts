import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { onTestFinished } from 'vitest';
import { importExport, type ImportOptions, type ImportSummary } from '../../import/index.ts';
import { readFleetCsv, type FleetCard } from '../../scenarios/index.ts';
import { luhnDigit } from '../../import/iccid.ts';

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'simlapse-import-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Imported {
  summary: ImportSummary;
  cards: FleetCard[];
  /** rejected.csv rows as objects (line, kind, reason, then the export's columns). */
  rejected: Record<string, string>[];
  repaired: Record<string, string>[];
  profiles: string;
  dir: string;
}

/** Imports `content` (text → UTF-8, or raw bytes) as an export; start 2026-01-15 unless given. */
export async function importContent(content: string | Uint8Array, opts: Partial<ImportOptions> = {}): Promise<Imported> {
  const dir = tempDir();
  const input = join(dir, 'export.csv');
  writeFileSync(input, content);
  const summary = await importExport({ input, out: join(dir, 'fleet.csv'), start: '2026-01-15', ...opts });
  const rows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[];
  // No card imported: only rejected.csv is written (the others must not be there).
  if (summary.imported === 0) {
    const written = [summary.files.fleet, summary.files.repaired, summary.files.profiles].filter((f) => existsSync(f));
    if (written.length > 0) throw new Error(`an import of no card wrote ${written.join(', ')}`);
    return { summary, cards: [], rejected: rows(summary.files.rejected), repaired: [], profiles: '', dir };
  }
  const { cards, problems } = readFleetCsv(readFileSync(summary.files.fleet, 'utf8'));
  if (problems.length > 0) throw new Error(`the fleet CSV written does not read back: ${JSON.stringify(problems)}`);
  return { summary, cards, rejected: rows(summary.files.rejected), repaired: rows(summary.files.repaired), profiles: readFileSync(summary.files.profiles, 'utf8'), dir };
}

/** A valid 20-digit ICCID (Luhn) for card k. */
export function iccid(k: number): string {
  const body = `8986${String(1000000000000000 + k).slice(1).padStart(15, '0')}`;
  return body + luhnDigit(body);
}

/** A CSV text from a header and rows. */
export function csv(header: string[], ...rows: string[][]): string {
  const cell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
