import { describe, expect, it } from 'vitest';
import { errorOf } from './helpers.ts';

/** The YAML parser reports some problems once per level: the scenario's list says each once. */
describe('a problem the parser repeats is listed once', () => {
  it('nesting past the stack gives one message, however small the stack', () => {
    // Before: 785 copies here (35 in the browser, whose stack is smaller), at neighbouring columns.
    const lines = errorOf('['.repeat(5000)).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^test\.yaml:1:\d+: yaml: lists and mappings are nested more than 64 levels deep \(a scenario needs about 6\)$/);
  });

  it('unclosed lists give each message once, not once per open bracket', () => {
    const lines = errorOf('['.repeat(100)).split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.length).toBeLessThan(5);
  });
});
