/** What the page keeps across reloads (localStorage): the scenario being edited. */
export interface Saved {
  /** File name shown in messages. */
  file: string;
  text: string;
}

const KEY = 'simlapse.scenario.v1';

export function loadSaved(): Saved | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<Saved>;
    return typeof v.file === 'string' && typeof v.text === 'string' ? { file: v.file, text: v.text } : null;
  } catch {
    return null;
  }
}

export function save(s: Saved): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    // Storage full or disabled: the edit still lives in the page.
  }
}

export function forget(): void {
  try { localStorage.removeItem(KEY); } catch { /* ignore */ }
}
