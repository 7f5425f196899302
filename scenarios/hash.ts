import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../engine/index.ts';

export { canonicalJson };

/**
 * sha256 hex of the scenario's canonical JSON. With trace files, of
 * `{"scenario": …, "traceFiles": {"<path as written>": "<contents>"}}` instead.
 */
export function scenarioHash(document: unknown, traceFiles: ReadonlyMap<string, string>): string {
  const subject = traceFiles.size === 0 ? document : { scenario: document, traceFiles: Object.fromEntries(traceFiles) };
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(subject))));
}
