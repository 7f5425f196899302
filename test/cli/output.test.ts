import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../cli/output.ts';
import { tempDir } from './helpers.ts';

describe('cli/output', () => {
  it('writes every file whole, creates the folder and leaves no temporary files', () => {
    const dir = join(tempDir(), 'a', 'b');
    writeFilesAtomic(dir, [
      { name: 'x.json', content: '{}\n' },
      { name: 'y.csv', content: 'a\n' },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['x.json', 'y.csv']);
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe('{}\n');
  });

  it('replaces an existing file', () => {
    const dir = tempDir();
    writeFilesAtomic(dir, [{ name: 'x.json', content: 'old' }]);
    writeFilesAtomic(dir, [{ name: 'x.json', content: 'new' }]);
    expect(readdirSync(dir)).toEqual(['x.json']);
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe('new');
  });

  it('a folder that became a file is one clean line naming the path (the cleanup of its temporary files threw ENOTDIR before: exit 70)', () => {
    const dir = join(tempDir(), 'out');
    writeFileSync(dir, 'not a folder');
    expect(() => writeFilesAtomic(dir, [{ name: 'x.json', content: '{}\n' }])).toThrow(
      expect.objectContaining({ code: 'E_CLI', message: expect.stringMatching(/^cannot write ".*\/out\/x\.json": a part of the path is not a directory$/) }),
    );
  });

  it("all or none: a failure part-way (a folder where monthly.csv goes) puts back the report it already replaced, so a folder never holds one run's report beside another's tables", () => {
    // Found by an outputs hunt: in a shared folder, another user's monthly.csv could not be replaced after report.json was.
    const dir = tempDir();
    writeFileSync(join(dir, 'report.json'), 'the other run');
    mkdirSync(join(dir, 'monthly.csv'));
    expect(() => writeFilesAtomic(dir, [{ name: 'report.json', content: 'this run' }, { name: 'monthly.csv', content: 'this run' }])).toThrow(`cannot write "${join(dir, 'monthly.csv')}": is a directory`);
    expect(readdirSync(dir).sort()).toEqual(['monthly.csv', 'report.json']);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('the other run');
  });

  it('all or none, for any outputs already there or not and a failure at any one of them (property)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('none', 'file', 'folder'), { minLength: 1, maxLength: 6 }), (kinds) => {
      const dir = tempDir(), names = kinds.map((_, k) => `out${k}.csv`);
      kinds.forEach((kind, k) => {
        if (kind === 'file') writeFileSync(join(dir, names[k]), `old ${k}`);
        if (kind === 'folder') mkdirSync(join(dir, names[k]));
      });
      const state = () => readdirSync(dir).sort().map((f) => [f, statSync(join(dir, f)).isDirectory() ? '(a folder)' : readFileSync(join(dir, f), 'utf8')]);
      const before = state();
      const write = () => writeFilesAtomic(dir, names.map((name, k) => ({ name, content: `new ${k}` })));
      if (kinds.includes('folder')) {
        expect(write).toThrow(`cannot write "${join(dir, names[kinds.indexOf('folder')])}": is a directory`);
        expect(state()).toEqual(before);
      } else {
        write();
        expect(state()).toEqual(names.map((n, k) => [n, `new ${k}`]));
      }
    }), { numRuns: 60 });
  });
});
