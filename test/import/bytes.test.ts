import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { formatSummary, importBytes, importExport, NOTES, outputNames } from '../../import/index.ts';
import { gbk } from '../../tools/gbk.ts';
import { csv, iccid, tempDir } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sample = (f: string) => readFileSync(join(ROOT, 'scenarios/imports', f));

describe('importBytes: the pure core on an export held in memory (the page\'s importer)', () => {
  it('writes the sample export\'s four files byte for byte as simlapse import wrote them (scenarios/imports/)', async () => {
    const r = await importBytes(sample('sample-export.csv'), { input: 'sample-export.csv', start: '2026-01-15', files: outputNames('sample-fleet.csv') });
    expect(r.fleet).toBe(sample('sample-fleet.csv').toString('utf8'));
    expect(r.rejected).toBe(sample('sample-fleet.rejected.csv').toString('utf8'));
    expect(r.repaired).toBe(sample('sample-fleet.repaired.csv').toString('utf8'));
    expect(r.profiles).toBe(sample('sample-fleet.profiles.yaml').toString('utf8'));
    expect(r.summary.encoding).toBe('gbk');
  });

  it('its summary prints as the CLI\'s, and it lists every rejected and repaired row with the summary\'s messages', async () => {
    const dir = tempDir();
    const input = join(dir, 'sample-export.csv');
    const out = join(dir, 'fleet.csv');
    const bytes = sample('sample-export.csv');
    writeFileSync(input, bytes);
    const cli = await importExport({ input, out, start: '2026-01-15' });
    const page = await importBytes(bytes, { input, start: '2026-01-15', files: outputNames(out) });
    expect(formatSummary(input, '2026-01-15', false, page.summary)).toBe(formatSummary(input, '2026-01-15', false, cli));
    expect(page.rejectedRows).toHaveLength(cli.rejected);
    expect(page.rejectedRows.slice(0, NOTES).map((r) => [r.line, r.message])).toEqual(cli.firstRejected.map((r) => [r.line, r.message]));
    expect(page.repairedRows.slice(0, NOTES)).toEqual(cli.firstRepaired);
    expect(page.repairedRows.length).toBeGreaterThanOrEqual(cli.repaired);
  });

  // Rows of every kind the importer meets: good, stopped, repaired units, bad ICCIDs, duplicates,
  // broken quotes, quoted line breaks, short and long rows, empty lines.
  const HEADER = ['ICCID', '卡状态', '资费组编号', '已用流量(KB)', '到期时间', '备注'];
  const ROW = fc.oneof(
    fc.nat(40).map((k) => [iccid(k), '正常', 'P1', '10240', '2026-12-31', ''].join(',')),
    fc.nat(40).map((k) => [iccid(k), '欠费停机', 'P2', '2048', '2026-03-01', 'x'].join(',')),
    fc.nat(40).map((k) => [iccid(k), '停机', 'P1', '-5', '2026/3/1', '"a, b"'].join(',')),
    fc.nat(40).map((k) => [iccid(k).slice(0, 19) + '0', '正常', 'P1', '1', '', ''].join(',')),
    fc.nat(40).map((k) => [iccid(k), '正常', 'P1', '1', '', '"two\nlines"'].join(',')),
    fc.constantFrom('12345,正常', ',,,,,', '', '"unclosed,正常,P1,1,,', `${iccid(1)},正常,P1,1,,,,extra`, 'a"b,正常,P1,1,,'),
  );

  test.prop([fc.array(ROW, { maxLength: 30 }), fc.boolean(), fc.boolean()], { numRuns: 15 })('gives the same outputs as the CLI on the same bytes (UTF-8 or GBK, LF or CRLF)', async (rows, asGbk, crlf) => {
    let text = [HEADER.join(','), ...rows].join('\n') + '\n';
    if (crlf) text = text.replace(/\n/g, '\r\n');
    const bytes = asGbk ? gbk(text) : new TextEncoder().encode(text);
    const dir = tempDir();
    const input = join(dir, 'export.csv');
    const out = join(dir, 'fleet.csv');
    writeFileSync(input, bytes);
    const cli = await importExport({ input, out, start: '2026-01-15' });
    const page = await importBytes(bytes, { input, start: '2026-01-15', files: outputNames(out) });
    expect(page.rejected).toBe(readFileSync(cli.files.rejected, 'utf8'));
    expect(page.summary).toEqual(cli);
    // No card imported: the CLI writes its rejected rows only (the page offers only them).
    if (cli.imported === 0) {
      for (const f of [cli.files.fleet, cli.files.repaired, cli.files.profiles]) expect(existsSync(f), f).toBe(false);
      return;
    }
    expect(page.fleet).toBe(readFileSync(cli.files.fleet, 'utf8'));
    expect(page.repaired).toBe(readFileSync(cli.files.repaired, 'utf8'));
    expect(page.profiles).toBe(readFileSync(cli.files.profiles, 'utf8'));
  });

  it('import/pure.ts, the page\'s front door, reaches no Node API (no node: import in its module graph)', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from '(node:|fs|path|stream)/);
      for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) visit(resolve(dirname(file), spec));
    };
    visit(join(ROOT, 'import/pure.ts'));
    const names = [...seen].filter((f) => f.includes('/import/')).map((f) => f.slice(f.lastIndexOf('/') + 1));
    expect(names).toEqual(expect.arrayContaining(['core.ts', 'rows.ts', 'encoding.ts', 'bytes.ts', 'row.ts', 'calibrate.ts']));
    expect(names).not.toContain('run.ts');
  });
});
