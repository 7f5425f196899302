/**
 * Duplicate keys (scenarios/source.ts): found with one Set per mapping instead of the yaml library's
 * `uniqueKeys`, which compares each key with every earlier one (a 1 MB file of 100,000 keys took
 * minutes to refuse). The property: the same DUPLICATE_KEY errors, at the same places, as the library's.
 */
import fc from 'fast-check';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseSource } from '../../scenarios/source.ts';
import { errorOf } from './helpers.ts';

const libraryDuplicates = (text: string) =>
  parseDocument(text, { version: '1.2', schema: 'core', customTags: [], uniqueKeys: true, merge: false, prettyErrors: false }).errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
const ours = (text: string) => parseSource(text, 't.yaml').doc.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);

describe('duplicate keys', () => {
  // Keys that are the same value written differently (1, 1.0, 0x1; ~, null; a, "a") and ones that are not ("1" is text).
  const KEY = fc.constantFrom('a', '"a"', "'a'", 'b', '1', '1.0', '0x1', '"1"', '~', 'null', 'true', 'True', '.nan', '-0', '0', '[1]');
  const block = (keys: string[], indent: string) => keys.map((k) => `${k.startsWith('[') ? `? ${k}\n${indent}:` : `${k}:`} 1`).join(`\n${indent}`);
  test.prop([fc.array(KEY, { maxLength: 8 }), fc.array(KEY, { maxLength: 8 }), fc.boolean()])('are the library\'s own, at the same places (block and flow mappings, nested, in lists)', (outer, inner, flow) => {
    const nested = flow ? `{${inner.filter((k) => !k.startsWith('[')).map((k) => `${k}: 1`).join(', ')}}` : `\n    ${block(inner, '    ')}`;
    const text = `top:\n  ${block(outer, '  ')}\nlist:\n  - x: ${nested}\n`.replace(/:\s*\n    \n/, ': {}\n');
    expect(ours(text)).toEqual(libraryDuplicates(text));
  });

  it('the message and place a scenario gets', () => {
    expect(errorOf('name: x\nname: y\n')).toBe('test.yaml:2:1: yaml: duplicate key (each key may appear once per mapping)');
    expect(ours('plans:\n  1: {}\n  1.0: {}\n  ~: {}\n  null: {}\n')).toEqual([17, 35]); // 1.0 after 1, null after ~
  });
});
