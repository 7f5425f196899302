import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { MAX_DRAFTS, withDraft } from '../../viz/drafts.ts';

describe('the drafts list (viz/drafts.ts)', () => {
  it('puts the file edited first, once, and drops the oldest past the cap', () => {
    expect(withDraft([], 'a.yaml')).toEqual({ files: ['a.yaml'], dropped: [] });
    expect(withDraft(['b', 'a', 'c'], 'a')).toEqual({ files: ['a', 'b', 'c'], dropped: [] });
    expect(withDraft(['b', 'c', 'd'], 'a', 3)).toEqual({ files: ['a', 'b', 'c'], dropped: ['d'] });
  });

  test.prop([fc.uniqueArray(fc.string(), { maxLength: MAX_DRAFTS }), fc.string()])('a draft list stays unique, at most the cap, the file first, the others in their order', (files, file) => {
    const { files: out, dropped } = withDraft(files, file);
    expect(out[0]).toBe(file);
    expect(new Set(out).size).toBe(out.length);
    expect(out.length).toBeLessThanOrEqual(MAX_DRAFTS);
    expect([...out, ...dropped].sort()).toEqual([...new Set([file, ...files])].sort());
    expect(out.slice(1)).toEqual(files.filter((f) => f !== file).slice(0, MAX_DRAFTS - 1));
  });
});
