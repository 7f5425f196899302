import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PageFiles } from '../../viz/files.ts';

const bundled = readFileSync(new URL('../../scenarios/imports/sample-fleet.csv', import.meta.url), 'utf8');

describe('the files the page holds', () => {
  it("an example's file loads on first use, is served to the example once loaded, and is not listed", async () => {
    const files = new PageFiles();
    const read = files.reader('imported-fleet.yaml');
    expect(() => read('../imports/sample-fleet.csv')).toThrow('loading sample-fleet.csv…');
    await files.pending();
    expect(read('../imports/sample-fleet.csv')).toBe(bundled);
    expect(files.list()).toEqual([]);
    // Another scenario does not read an example's file.
    expect(() => files.reader('mine.yaml')('sample-fleet.csv')).toThrow('not open in the page: open sample-fleet.csv together with the scenario');
  });

  it("a file the user opens while an example's file of that name is loading is kept: the late example file does not replace it", async () => {
    const files = new PageFiles();
    const read = files.reader('imported-fleet.yaml');
    expect(() => read('sample-fleet.csv')).toThrow('loading sample-fleet.csv…');
    files.add('sample-fleet.csv', 'mine\n');
    await files.pending();
    expect(files.list().map((f) => [f.name, f.origin])).toEqual([['sample-fleet.csv', 'opened']]);
    expect(read('sample-fleet.csv')).toBe('mine\n');
  });
});
