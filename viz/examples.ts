// The built-in example scenarios, bundled as text (the same files the CLI runs).
const files = import.meta.glob('../scenarios/examples/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Example {
  /** File name, as shown in messages: `auto-stop.yaml`. */
  file: string;
  text: string;
}

export const EXAMPLES: Example[] = Object.entries(files)
  .map(([path, text]) => ({ file: path.slice(path.lastIndexOf('/') + 1), text }))
  .sort((a, b) => (a.file === 'auto-stop.yaml' ? -1 : b.file === 'auto-stop.yaml' ? 1 : a.file.localeCompare(b.file)));

// The files the examples read (imported-fleet.yaml's fleet CSV), each a separate lazily loaded
// asset: the page's main bundle does not carry them. By base name, as viz/files.ts serves them.
const lazy = import.meta.glob('../scenarios/imports/sample-fleet.csv', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

export const EXAMPLE_FILES: Record<string, () => Promise<string>> = Object.fromEntries(
  Object.entries(lazy).map(([path, load]) => [path.slice(path.lastIndexOf('/') + 1), load]),
);
