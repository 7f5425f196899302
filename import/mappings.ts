/**
 * Mappings shipped for platforms' exports (`--map control-center`), in import/mappings/, each
 * with the sample file it was checked on (import/mappings/samples/) and where its headers
 * come from (the comments at its top).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHIPPED_MAPPINGS = ['control-center', '1nce', 'twilio', 'emnify', 'onelink', 'unicom', 'telecom'] as const;

/**
 * Where the mappings lie, relative to this module: beside it (import/mappings/, run from the
 * sources), or, bundled by `npm run build` into build/, in the project's import/mappings/.
 */
const FOLDERS = ['./mappings/', '../import/mappings/'];

/** The file of a shipped mapping, or null when `name` is none. */
export function shippedMapping(name: string): string | null {
  const n = name.trim().toLowerCase();
  if (!(SHIPPED_MAPPINGS as readonly string[]).includes(n)) return null;
  for (const folder of FOLDERS) {
    const file = fileURLToPath(new URL(`${folder}${n}.yaml`, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}
