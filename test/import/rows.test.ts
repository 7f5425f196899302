/**
 * The export's lines and rows as they stream in (import/lines.ts, import/rows.ts): line endings \n, \r\n and a bare
 * \r, against a plain split of the whole text; and chunking never changes a row or its line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportRows } from '../../import/rows.ts';
import { lines } from '../../import/lines.ts';

const collect = async <T>(g: AsyncGenerator<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of g) out.push(x);
  return out;
};

/** The reference: split at every \r\n, \r or \n; a text ending in a line break has no empty last line. */
const reference = (text: string) => {
  const parts = text.split(/\r\n|\r|\n/);
  if (parts.at(-1) === '') parts.pop();
  return parts.map((t, k) => ({ line: k + 1, text: t }));
};

/** The text cut at the given points (sorted, deduplicated) into chunks. */
const cut = (text: string, at: number[]) => {
  const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const p of points) { chunks.push(text.slice(from, p)); from = p; }
  chunks.push(text.slice(from));
  return chunks;
};

const piece = fc.constantFrom('a', 'bc', ',', ';', '"', '""', '\n', '\r', '\r\n', '\n\r', ' ', '1.5', '卡');
const text = fc.array(piece, { maxLength: 120 }).map((p) => p.join(''));
const cuts = fc.array(fc.nat(), { maxLength: 8 });

describe('lines', () => {
  it('ends a line at \\n, \\r\\n and a bare \\r (hand-checked)', async () => {
    expect(await collect(lines(['a\r\nb\rc\n\rd']))).toEqual([{ line: 1, text: 'a' }, { line: 2, text: 'b' }, { line: 3, text: 'c' }, { line: 4, text: '' }, { line: 5, text: 'd' }]);
    // A \r\n cut between two chunks is one line ending; a \r at the very end ends the last line.
    expect(await collect(lines(['x\r', '\ny\r', '', 'z\r']))).toEqual([{ line: 1, text: 'x' }, { line: 2, text: 'y' }, { line: 3, text: 'z' }]);
  });

  it('agrees with a plain split of the whole text, however it is cut into chunks', async () => {
    await fc.assert(fc.asyncProperty(text, cuts, async (t, at) => {
      expect(await collect(lines(cut(t, at)))).toEqual(reference(t));
    }), { numRuns: 500 });
  });
});

describe('exportRows', () => {
  it('gives the same rows and lines however the text is cut into chunks; each line starts at most one row, in order', async () => {
    await fc.assert(fc.asyncProperty(text, cuts, fc.constantFrom(',', ';'), async (t, at, d) => {
      const whole = await collect(exportRows([`h1${d}h2${d}h3\n` + t], d as ','));
      expect(await collect(exportRows(cut(`h1${d}h2${d}h3\n` + t, at), d as ','))).toEqual(whole);
      const starts = whole.map((r) => r.line);
      const last = reference(`h1${d}h2${d}h3\n` + t).length;
      starts.forEach((l, k) => {
        expect(l).toBeGreaterThanOrEqual(1);
        expect(l).toBeLessThanOrEqual(last);
        if (k > 0) expect(l).toBeGreaterThan(starts[k - 1]);
      });
    }), { numRuns: 500 });
  });
});
