import { isIP } from 'node:net';

/** A Redis location parsed from `redis://[user[:password]@]host[:port][/db]` (`rediss://` for TLS). */
export interface RedisUrl {
  host: string;
  /** [default: 6379] */
  port: number;
  /** Database number. [default: 0] */
  db: number;
  username?: string;
  password?: string;
  /** `rediss://`: connect over TLS (the server's certificate is checked against Node's CAs and NODE_EXTRA_CA_CERTS). */
  tls: boolean;
  /** The URL with the password replaced by `***`: the only form ever printed. */
  redacted: string;
}

/** A Redis URL that cannot be used; the message never holds the password. */
export class RedisUrlError extends Error {
  readonly code = 'E_REDIS_URL';
  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }
}

/** Parses a Redis URL; throws RedisUrlError naming the redacted URL and what was expected. */
export function parseRedisUrl(text: string): RedisUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not shown: text that does not parse may hold a password where the redaction cannot find it.
    throw new RedisUrlError('invalid Redis URL (not shown, it may hold a password): expected redis://[user[:password]@]host[:port][/db] or rediss://… for TLS');
  }
  const redacted = redactRedisUrl(text);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new RedisUrlError(`invalid Redis URL "${redacted}": expected the scheme redis:// or rediss:// (TLS), got ${url.protocol}//`);
  }
  if (url.hostname === '') throw new RedisUrlError(`invalid Redis URL "${redacted}": no host`);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) throw new RedisUrlError(`invalid Redis URL "${redacted}": the path must be a database number, got "/${path}"`);
  if (url.search !== '' || url.hash !== '') throw new RedisUrlError(`invalid Redis URL "${redacted}": no query or fragment expected`);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 6379 : Number(url.port),
    db: path === '' ? 0 : Number(path),
    username: url.username === '' ? undefined : decoded(url.username, redacted),
    password: url.password === '' ? undefined : decoded(url.password, redacted),
    tls: url.protocol === 'rediss:',
    redacted,
  };
}

/** ioredis options for a parsed URL (BullMQ's workers need `maxRetriesPerRequest: null`). */
export function redisOptions(url: RedisUrl) {
  return {
    host: url.host,
    port: url.port,
    db: url.db,
    username: url.username,
    password: url.password,
    // SNI takes a host name only (RFC 6066); for an IP, Node checks the certificate's IP SAN.
    tls: url.tls ? (isIP(url.host) ? {} : { servername: url.host }) : undefined,
    maxRetriesPerRequest: null as number | null,
  };
}

/** A user name or password with its %-escapes decoded; a % not followed by two hex digits is refused (the message names the redacted URL only). */
function decoded(part: string, redacted: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new RedisUrlError(`invalid Redis URL "${redacted}": the user name or password holds a % that is not followed by two hex digits (write % itself as %25)`);
  }
}

/**
 * The URL with its password (if any) replaced by `***`; works on text that does not parse, and
 * on a scheme followed by any number of slashes (`redis:/:secret@host`, a typo that parses with no host).
 */
export function redactRedisUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/*[^:/@]*:)(.*)@/i, (_, head: string, pass: string) => (pass === '' ? `${head}@` : `${head}***@`));
}

/** `text` with every occurrence of the password (raw and URL-encoded) replaced by `***`. */
export function scrub(text: string, url: RedisUrl | undefined): string {
  const secret = url?.password;
  if (!secret) return text;
  let out = text;
  for (const s of new Set([secret, encodeURIComponent(secret)])) out = out.split(s).join('***');
  return out;
}
