import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { parseRedisUrl, redactRedisUrl, scrub } from '../../node/index.ts';

describe('Redis URLs', () => {
  it('parses host, port, database, user and password; rediss:// means TLS', () => {
    expect(parseRedisUrl('redis://queue.example')).toMatchObject({ host: 'queue.example', port: 6379, db: 0, tls: false, password: undefined });
    expect(parseRedisUrl('rediss://sim:p%40ss%3Aword@10.0.0.5:6380/3')).toMatchObject({
      host: '10.0.0.5', port: 6380, db: 3, tls: true, username: 'sim', password: 'p@ss:word', redacted: 'rediss://sim:***@10.0.0.5:6380/3',
    });
    expect(parseRedisUrl('redis://:secret@[::1]:7000')).toMatchObject({ host: '::1', port: 7000, username: undefined, password: 'secret' });
  });

  it('redacts the password, also in text that does not parse', () => {
    expect(redactRedisUrl('redis://:secret@h:1/2')).toBe('redis://:***@h:1/2');
    expect(redactRedisUrl('redis://user:se@cret@h')).toBe('redis://user:***@h');
    expect(redactRedisUrl('redis://h:6379')).toBe('redis://h:6379');
    expect(redactRedisUrl('redis://user@h')).toBe('redis://user@h');
  });

  it('refuses other schemes, paths and queries without printing the password', () => {
    for (const [url, message] of [
      ['http://:secret@h', 'expected the scheme redis:// or rediss://'],
      ['redis://:secret@h/queue', 'the path must be a database number'],
      ['redis://:secret@h?tls=1', 'no query or fragment expected'],
      ['not a url :secret@', 'invalid Redis URL'],
    ]) {
      expect(() => parseRedisUrl(url)).toThrow(message);
      try {
        parseRedisUrl(url);
      } catch (err) {
        expect((err as Error).message).not.toContain('secret');
      }
    }
  });

  it('a scheme with one slash (a typo that parses, with no host) and a % that escapes nothing are refused without the password', () => {
    expect(() => parseRedisUrl('redis:/:secret@h')).toThrow('invalid Redis URL "redis:/:***@h": no host');
    expect(redactRedisUrl('redis::secret@h')).toBe('redis::***@h');
    expect(() => parseRedisUrl('redis://u:se%ZZcret@h')).toThrow('invalid Redis URL "redis://u:***@h": the user name or password holds a % that is not followed by two hex digits (write % itself as %25)');
    expect(() => parseRedisUrl('redis://u%ZZ:secret@h')).toThrow(/^invalid Redis URL "redis:\/\/u%ZZ:\*\*\*@h": the user name or password holds a %/);
  });

  test.prop([
    fc.string({ unit: fc.constantFrom(...'aZ9%@:/#?[] !$&\'()*+,;=~.-_\\'), minLength: 2, maxLength: 12 }).map((s) => `Q${s}Q`),
    fc.constantFrom('redis://:P@h', 'redis://u:P@h:6379/1', 'rediss://u:P@[::1]:7000', 'http://:P@h', 'redis://:P@h/x', 'redis://:P@h?x=1', 'redis://:P@', 'redis:/:P@h', 'redis::P@h', 'redis://:P@h:99999', 'redis://u:P@h#f'),
  ], { numRuns: 300 })('no password in what a URL gives back: the redacted form, or the message of the RedisUrlError it throws', (password, shape) => {
    const text = shape.replace('P', password);
    try {
      expect(parseRedisUrl(text).redacted).not.toContain(password);
    } catch (err) {
      expect(err).toHaveProperty('code', 'E_REDIS_URL');
      expect((err as Error).message).not.toContain(password);
    }
  });

  it('scrubs the password, raw and URL-encoded, from any message', () => {
    const url = parseRedisUrl('redis://:p%40ss@h');
    expect(scrub('AUTH p@ss failed; url redis://:p%40ss@h', url)).toBe('AUTH *** failed; url redis://:***@h');
  });
});
