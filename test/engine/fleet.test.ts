/** The fleet's columns (engine/fleet.ts): one buffer per block, BYTES_PER_CARD bytes per card, each column its own part. */
import { describe, expect, it } from 'vitest';
import { BYTES_PER_CARD, Fleet, NEVER } from '../../engine/fleet.ts';

type Column = Uint8Array | Uint16Array | Int16Array | Int32Array | Float32Array | Float64Array;

function columns(f: Fleet): [string, Column][] {
  return Object.entries(f).filter((e): e is [string, Column] => ArrayBuffer.isView(e[1])) as [string, Column][];
}

describe('Fleet', () => {
  it.each([1, 3, 64, 257])('%i cards: 27 columns of one buffer, BYTES_PER_CARD (64) bytes per card, side by side without overlap, each element aligned', (size) => {
    const f = new Fleet(100, size), cols = columns(f);
    expect(BYTES_PER_CARD).toBe(64);
    expect(cols.length).toBe(27);
    const buf = cols[0][1].buffer;
    expect(buf.byteLength).toBe(size * BYTES_PER_CARD);
    const parts = cols.map(([name, c]) => {
      expect(c.buffer, name).toBe(buf);
      expect(c.length, name).toBe(size);
      expect(c.byteOffset % c.BYTES_PER_ELEMENT, name).toBe(0);
      return [c.byteOffset, c.byteOffset + c.byteLength] as const;
    }).sort((a, b) => a[0] - b[0]);
    expect(parts[0][0]).toBe(0);
    for (let k = 1; k < parts.length; k++) expect(parts[k][0]).toBe(parts[k - 1][1]);
    expect(parts.at(-1)![1]).toBe(buf.byteLength);
  });

  it('starts every card with no events (NEVER in the 13 day columns), a demand multiplier of 1 and every other column 0; a write to one column leaves the others', () => {
    const f = new Fleet(0, 5), days = ['ev', 'rare', 'runAt', 'expiry', 'renew', 'retNext', 'cancel', 'pay', 'due', 'react', 'alert', 'qstop', 'replace'];
    for (const [name, c] of columns(f)) expect([...c], name).toEqual(Array(5).fill(days.includes(name) ? NEVER : name === 'mult' ? 1 : 0));
    f.used[4] = -1;
    f.runs[0] = 255;
    f.replace[4] = 7;
    for (const [name, c] of columns(f)) if (!['used', 'runs', 'replace'].includes(name)) expect([...c], name).toEqual(Array(5).fill(days.includes(name) ? NEVER : name === 'mult' ? 1 : 0));
  });
});
