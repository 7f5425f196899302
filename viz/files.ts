/**
 * The files the page holds for scenarios to read (a `fleet.csv`, a trace profile's `file`): the
 * ones opened or dropped with a scenario, the fleet CSVs imported in the page, and the files the
 * built-in examples use (bundled as separate assets, loaded on first use). The scenario loader
 * asks for a path as written in the scenario, relative to it; the page matches it by base name
 * (`../imports/sample-fleet.csv` is served by any held `sample-fleet.csv`).
 */
import { EXAMPLE_FILES, EXAMPLES } from './examples.ts';

export interface HeldFile {
  /** Base name: `sample-fleet.csv`. */
  name: string;
  text: string;
  /** Bytes of the text as UTF-8. */
  size: number;
  /** Where it came from: opened with the scenario, imported in the page, or an example's. */
  origin: 'opened' | 'imported' | 'example';
}

/** `a/b/c.csv`, `a\b\c.csv` → `c.csv`. */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export class PageFiles {
  private readonly held = new Map<string, HeldFile>();
  private readonly loading = new Map<string, Promise<void>>();

  /** `onChange` is called after a file is added or removed (not for an example's file). */
  constructor(private readonly onChange: () => void = () => {}) {}

  /** The files opened or imported, in the order added (the examples' files are not listed). */
  list(): HeldFile[] {
    return [...this.held.values()].filter((f) => f.origin !== 'example');
  }

  has(name: string): boolean {
    return this.held.has(baseName(name));
  }

  /** The file held under this base name now (a new object each time one is added), or undefined. */
  get(name: string): HeldFile | undefined {
    return this.held.get(baseName(name));
  }

  /** Adds (or replaces) a file under its base name. */
  add(name: string, text: string, origin: 'opened' | 'imported' = 'opened'): void {
    const base = baseName(name);
    this.held.set(base, { name: base, text, size: new TextEncoder().encode(text).length, origin });
    this.onChange();
  }

  remove(name: string): void {
    if (this.held.delete(baseName(name))) this.onChange();
  }

  /**
   * A `readFile` for parseScenario for one parse of `scenarioFile`: serves held files; for a
   * built-in example (by its file name), an example's file not yet loaded starts loading (see
   * `pending`) and reads as an error meanwhile; any other file is an error saying to open it
   * alongside the scenario.
   */
  reader(scenarioFile: string): (path: string) => string {
    const example = EXAMPLES.some((e) => e.file === scenarioFile);
    return (path) => {
      const base = baseName(path);
      const f = this.held.get(base);
      if (f && (f.origin !== 'example' || example)) return f.text;
      const load = example ? EXAMPLE_FILES[base] : undefined;
      if (load) {
        if (!this.loading.has(base)) {
          this.loading.set(base, load().then((text) => {
            // A file the user opened or imported under this name meanwhile stays: it is theirs, and it serves the example too.
            if (!this.held.has(base)) this.held.set(base, { name: base, text, size: text.length, origin: 'example' });
          }).finally(() => this.loading.delete(base)));
        }
        throw new Error(`loading ${base}…`);
      }
      throw new Error(`not open in the page: open ${base} together with the scenario (Open… with both files selected, or drop both on the page)`);
    };
  }

  /** Resolves once every example file a parse asked for has loaded; null when none is loading. */
  pending(): Promise<void> | null {
    return this.loading.size === 0 ? null : Promise.all(this.loading.values()).then(() => undefined);
  }
}

/** A size as people read it: 812 B, 14.2 KB, 3.1 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
