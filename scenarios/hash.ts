import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** JSON with object keys sorted at every depth, so formatting and key order do not matter. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * sha256 hex of the scenario's canonical JSON. With trace files, of
 * `{"scenario": …, "traceFiles": {"<path as written>": "<contents>"}}` instead.
 */
export function scenarioHash(document: unknown, traceFiles: ReadonlyMap<string, string>): string {
  const subject = traceFiles.size === 0 ? document : { scenario: document, traceFiles: Object.fromEntries(traceFiles) };
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(subject))));
}
