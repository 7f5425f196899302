/** Text measured in display columns: CJK characters take two, tables line up and prose wraps within the width. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { columns, padEnd, padStart, wrap } from '../../cli/display.ts';
import { renderTable } from '../../cli/table.ts';
import { cli, tempDir } from './helpers.ts';

/** A Chinese question of 90 characters (180 columns), without a space, as Chinese is written. */
const QUESTION = '在一支有失控设备的车队上，自动停机（达量停机）是否值得它造成的停机时间？我们比较开启与关闭自动停机，看哪一种在全年的总成本最低，并且停机天数可以接受，同时不让任何号码因为过期而被销号。';

describe('columns', () => {
  it('counts a Chinese character as two columns, a combining mark as none', () => {
    expect(columns('中文ab')).toBe(6);
    expect(columns('e\u0301')).toBe(1);
    expect(padEnd('中', 4)).toBe('中  ');
    expect(padStart('中', 4)).toBe('  中');
  });

  it('wraps Chinese text without spaces between characters, keeping punctuation with the character before it', () => {
    const lines = wrap(QUESTION, 80).trimEnd().split('\n');
    expect(lines.length).toBe(3);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    expect(lines.join('')).toBe(QUESTION);
    for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。？）]/);
    expect(wrap('甲乙丙丁。', 8)).toBe('甲乙丙\n丁。\n');
  });

  it('wraps English at spaces and cuts a word wider than the line', () => {
    expect(wrap('Does auto-stop pay for its downtime?', 20)).toBe('Does auto-stop pay\nfor its downtime?\n');
    expect(wrap('x'.repeat(25), 10)).toBe('xxxxxxxxxx\nxxxxxxxxxx\nxxxxx\n');
    expect(wrap('at the 95 % level', 8)).toBe('at the\n95 %\nlevel\n');
  });

  it('what follows a percent sign unspaced stays with it: a quoted "alert at 80 %" is never cut before its closing quote', () => {
    expect(wrap('see "alert at 80 %": ratio 1.03', 18)).toBe('see "alert at\n80 %": ratio 1.03\n');
    for (let width = 10; width <= 40; width++) {
      for (const line of wrap('(rule, "alert at 70 %": ratio 1.03; "alert at 80 %": ratio 1.03)', width).split('\n')) expect(line).not.toMatch(/^("[:;)]|[):;])/);
    }
    expect(wrap('停机率 12 %。下降', 8)).toBe('停机率\n12 %。下\n降\n');
  });

  it('a table with Chinese headers and labels lines up in display columns', () => {
    const text = renderTable({ header: ['', '自动停机开启', 'off'], rows: [{ label: '总成本', cells: ['1,234', '5'] }, { label: 'total', cells: ['7', '12,345'] }] }, 80);
    const lines = text.trimEnd().split('\n');
    expect(lines.map((l) => stringWidth(l))).toEqual([28, 28, 28, 28]);
    expect(lines[0]).toBe(`${' '.repeat(8)}自动停机开启${' '.repeat(5)}off`);
  });
});

describe('a report in Chinese within 80 columns', () => {
  it('every line of the tables is at most 80 columns, and every column lines up with its header', () => {
    const dir = tempDir();
    const file = join(dir, 'zh.yaml');
    const text = readFileSync('scenarios/examples/hand-check.yaml', 'utf8')
      .replace('name: Hand check', 'name: 手工核对')
      .replace(/^question: .*$/m, `question: ${QUESTION}`)
      .concat('arms:\n  - name: 自动停机开启\n  - name: 关闭自动停机（按量计费）\n    plans: {basic: {autoStop: false}}\n  - name: 关闭\n    plans: {basic: {autoStop: false, quotaMB: 200}}\n');
    writeFileSync(file, text);
    const r = cli('run', file, '--workers', '0');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
    expect(lines.slice(1, 4).join('')).toBe(QUESTION);
    // One replication: every cell is a bare figure, right-aligned to its column's rule, as its header is.
    let tables = 0;
    for (let k = 1; k < lines.length; k++) {
      if (!/^-+ +-/.test(lines[k])) continue;
      tables++;
      const end = stringWidth(lines[k]);
      expect(stringWidth(lines[k - 1]), lines[k - 1]).toBe(end);
      for (let j = k + 1; j < lines.length && lines[j] !== ''; j++) if (/\d$/.test(lines[j])) expect(stringWidth(lines[j]), lines[j]).toBe(end);
    }
    expect(tables).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toContain('关闭自动停机（按量计费）');
  });
});
