/**
 * The analyst's edits kept apart from the examples (localStorage), one per file name, the most
 * recent first: picking an example or opening another file never loses an edit; the examples
 * menu lists the drafts under "Your edits" and brings one back. Only Revert forgets one (its
 * file's). Each draft is its own key, so a keystroke writes the text being edited, not every draft.
 */
import type { Saved } from './storage.ts';

/** Drafts kept at most; a ninth file's edit drops the oldest. */
export const MAX_DRAFTS = 8;

const INDEX = 'simlapse.drafts.v1';
const keyOf = (file: string) => `simlapse.draft.v1:${file}`;

/** The draft files in order, `file` first (moved there, or added), at most `max`: the list and the files dropped off its end. Pure. */
export function withDraft(files: readonly string[], file: string, max = MAX_DRAFTS): { files: string[]; dropped: string[] } {
  const all = [file, ...files.filter((f) => f !== file)];
  return { files: all.slice(0, max), dropped: all.slice(max) };
}

/**
 * The draft files, the most recent first (none when storage is off or the index is not ours).
 * `verify`: only those whose text is there (once, when the page opens: it reads every draft) [default: false].
 */
export function draftFiles(verify = false): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(INDEX) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string' && (!verify || localStorage.getItem(keyOf(f)) !== null)).slice(0, MAX_DRAFTS) : [];
  } catch {
    return [];
  }
}

/** The draft of `file`, or null. */
export function draftOf(file: string): Saved | null {
  try {
    const text = localStorage.getItem(keyOf(file));
    return text === null ? null : { file, text };
  } catch {
    return null;
  }
}

/**
 * Keeps `d` as its file's draft, first in the list; returns the list. Storage full: the oldest
 * other drafts are dropped until it fits, and if it still does not, the edit lives in the page only.
 */
export function keepDraft(d: Saved): string[] {
  const before = draftFiles();
  let { files, dropped } = withDraft(before, d.file);
  for (;;) {
    try {
      localStorage.setItem(keyOf(d.file), d.text);
      if (files.join('\n') !== before.join('\n')) localStorage.setItem(INDEX, JSON.stringify(files));
      for (const f of dropped) localStorage.removeItem(keyOf(f));
      return files;
    } catch {
      if (files.length <= 1) return before;
      dropped = [...dropped, files[files.length - 1]];
      files = files.slice(0, -1);
      try { localStorage.removeItem(keyOf(dropped[dropped.length - 1])); } catch { /* ignore */ }
    }
  }
}

/** Forgets `file`'s draft (Revert); returns the list left. */
export function dropDraft(file: string): string[] {
  const files = draftFiles().filter((f) => f !== file);
  try {
    localStorage.removeItem(keyOf(file));
    localStorage.setItem(INDEX, JSON.stringify(files));
  } catch {
    // Storage off: nothing was kept.
  }
  return files;
}
