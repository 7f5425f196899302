import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
});
