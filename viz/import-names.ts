import type { OutputFiles } from '../import/pure.ts';

/**
 * The four files an import in the page writes, named from the export as `simlapse import <export>
 * --out <stem>-fleet.csv` would name them: `acme.csv` → `acme-fleet.csv`, `acme-fleet.rejected.csv`, …
 * (its own module: the page's main thread needs the names, not the importer).
 */
export function pageOutputNames(name: string): OutputFiles {
  const stem = `${name.replace(/\.(csv|tsv|txt|xlsx)$/i, '')}-fleet`;
  return { fleet: `${stem}.csv`, rejected: `${stem}.rejected.csv`, repaired: `${stem}.repaired.csv`, profiles: `${stem}.profiles.yaml` };
}
