import { describe, expect, it } from 'vitest';
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

  it('scrubs the password, raw and URL-encoded, from any message', () => {
    const url = parseRedisUrl('redis://:p%40ss@h');
    expect(scrub('AUTH p@ss failed; url redis://:p%40ss@h', url)).toBe('AUTH *** failed; url redis://:***@h');
  });
});
