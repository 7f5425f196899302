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
