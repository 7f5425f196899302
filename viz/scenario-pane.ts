import type { ExperimentConfig } from '../engine/index.ts';
import { parseScenario, ScenarioError } from '../scenarios/index.ts';
import { $ } from './dom.ts';
import { Editor } from './editor.ts';
import { EXAMPLES } from './examples.ts';
import type { PageFiles } from './files.ts';
import { forget, save } from './storage.ts';
import { draftFiles, draftOf, dropDraft, keepDraft } from './drafts.ts';

/**
 * What changed the editor's text before a parse; `landed`: a file the parse waited for (an
 * example's, an import's) landed after a report.json was opened, so no run replaces that report.
 */
export type TextChange = 'load' | 'edit' | 'knob' | 'check' | 'typing' | 'landed';

/**
 * The scenario being edited: its file name, the editor, the examples menu and the parse of the
 * text with the CLI's loader (every problem shown inline). The edit is kept in localStorage, and
 * each file's edit as a draft (viz/drafts.ts) that the menu's "Your edits" brings back: picking an
 * example or opening a file never loses an edit; Revert forgets the shown file's.
 */
export class ScenarioPane {
  private name = 'scenario.yaml';
  private parsed: ExperimentConfig | null = null;
  private readonly editor: Editor;
  private readonly examples = $<HTMLSelectElement>('example');
  /** The examples menu's "Your edits" group (showDrafts). */
  private readonly edits = document.createElement('optgroup');
  private timer = 0;
  /** Reports opened so far: each replaces the results on show with something no run of this text made. */
  private opened = 0;

  /**
   * `onValidated` is called after each parse, whatever its outcome, with what changed the text:
   * a scenario loaded (example, file, revert), an edit, a knob, or nothing (`check`); and with
   * `typing` on each keystroke or knob move, before the parse (the text is then `pending`).
   */
  constructor(private readonly files: PageFiles, private readonly onValidated: (why: TextChange) => void) {
    this.editor = new Editor($('source'), $('gutter'), $<HTMLUListElement>('issues'), () => this.onEdit());
    for (const ex of EXAMPLES) this.examples.append(new Option(ex.file, ex.file));
    this.edits.label = 'Your edits';
    // Shown (not pickable) while the editor holds neither an example nor a draft (storage off).
    const other = new Option('(other)', '');
    other.hidden = other.disabled = true;
    this.edits.hidden = true;
    this.examples.append(this.edits, other);
    this.showDrafts(draftFiles(true));
    this.examples.addEventListener('change', () => {
      const v = this.examples.value;
      const d = v.startsWith(DRAFT) ? draftOf(v.slice(DRAFT.length)) : null;
      if (d) return this.setText(d.file, d.text);
      const ex = EXAMPLES.find((e) => e.file === v);
      if (ex) this.setText(ex.file, ex.text);
    });
    $('revert').addEventListener('click', () => {
      forget();
      this.showDrafts(dropDraft(this.name));
      const ex = EXAMPLES.find((e) => e.file === this.name) ?? EXAMPLES[0];
      this.setText(ex.file, ex.text);
    });
  }

  /** The last scenario that parsed, or null while the text has problems. */
  get scenario(): ExperimentConfig | null {
    return this.parsed;
  }

  /** The text changed since the last parse (the parse waits for a pause in typing). */
  get pending(): boolean {
    return this.timer !== 0;
  }

  /** A report.json was opened: a run asked for before it that waits for a file does not replace it when the file lands. */
  reportOpened(): void {
    this.opened++;
  }

  /** Taken as a request whose file lands later starts (an import), and given to `validate` once it lands. */
  get mark(): number {
    return this.opened;
  }

  /** The editor's text. */
  get text(): string {
    return this.editor.text;
  }

  /**
   * Puts a scenario in the editor. `persist`: kept for a reload, and as its file's draft when it is
   * not the example's text [default: true]; 'opened': a file the analyst opened, kept so too, under
   * a name of its own when a draft of another text has its name (`fleet (2).yaml`): drafts go by
   * name, as the browser gives no folder, and opening another fleet.yaml had overwritten the draft
   * of an edited one (a page hunt).
   */
  setText(file: string, text: string, persist: boolean | 'opened' = true): void {
    if (persist === 'opened') file = nameBeside(file, text);
    this.name = file;
    this.editor.text = text;
    $('file-name').textContent = file;
    if (persist) this.remember();
    this.syncExamples();
    this.validate('load');
  }

  /**
   * Replaces the text as a knob does (the editor keeps its scroll and cursor) and parses it: at
   * once when the knob was at rest (no move in the last 50 ms: the first answer starts without a
   * pause), else after 50 ms, so a drag's burst of moves is parsed once it rests, not once per move.
   */
  edit(text: string): void {
    this.editor.replace(text);
    this.remember(true);
    this.syncExamples();
    clearTimeout(this.timer);
    const now = performance.now(), rested = now - this.lastKnob > 50;
    this.lastKnob = now;
    this.onValidated('typing');
    if (rested) this.validate('knob');
    else this.timer = window.setTimeout(() => this.validate('knob'), 50);
  }
  private lastKnob = -Infinity;

  /**
   * Parses the editor's text now; shows every problem inline. `asked` is the `mark` when the parse
   * was asked for: with a report opened since, `onValidated` hears `landed` instead of `why`.
   */
  validate(why: TextChange = 'check', asked = this.opened): ExperimentConfig | null {
    clearTimeout(this.timer);
    this.timer = 0;
    const validity = $('validity');
    try {
      const s = parseScenario(this.editor.text, { file: this.name, readFile: this.files.reader(this.name) });
      this.parsed = s;
      this.editor.showIssues([]);
      const cards = s.arms[0].cohorts.reduce((t, c) => t + c.count, 0);
      validity.className = 'validity ok';
      validity.textContent = `✓ ${s.arms.length} arm${s.arms.length === 1 ? '' : 's'}, ${cards.toLocaleString('en-US')} cards, ${s.replications} replication${s.replications === 1 ? '' : 's'}`;
    } catch (err) {
      this.parsed = null;
      const loading = this.files.pending();
      if (loading) {
        // An example's file (a fleet CSV) is being fetched: parse again once it is here.
        validity.className = 'validity';
        validity.textContent = 'loading files…';
        this.editor.showIssues([]);
        const text = this.editor.text;
        loading.then(() => { if (this.editor.text === text) this.validate(why, asked); }, (e: unknown) => {
          validity.className = 'validity bad';
          validity.textContent = `cannot load a file: ${e instanceof Error ? e.message : String(e)}`;
        });
        return null;
      }
      validity.className = 'validity bad';
      if (err instanceof ScenarioError) {
        this.editor.showIssues(err.issues, [], this.name);
        validity.textContent = `${err.issues.length} problem${err.issues.length === 1 ? '' : 's'}`;
      } else {
        this.editor.showIssues([], [err instanceof Error ? err.message : String(err)]);
        validity.textContent = 'cannot read';
      }
    }
    this.onValidated(asked === this.opened ? why : 'landed');
    return this.parsed;
  }

  private onEdit(): void {
    this.remember(true);
    this.syncExamples();
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.validate('edit'), 200);
    this.onValidated('typing');
  }

  /**
   * Keeps the text for a reload, and as its file's draft unless it is that file's example text
   * (another example's text under this name is kept: the menu could not show it otherwise).
   * `typed`: an edit or knob brought the text back to its example's, so the file's older draft
   * is an edit no longer wanted (as Revert forgets it); loading the example keeps that draft.
   */
  private remember(typed = false): void {
    const file = this.name, text = this.editor.text;
    save({ file, text });
    if (EXAMPLES.find((e) => e.file === file)?.text !== text) this.showDrafts(keepDraft({ file, text }));
    else if (typed && draftOf(file) !== null) this.showDrafts(dropDraft(file));
  }

  /** The menu's "Your edits": one entry per draft file, the most recent first (hidden while there is none). */
  private showDrafts(files: string[]): void {
    const now = Array.from(this.edits.children, (o) => (o as HTMLOptionElement).value.slice(DRAFT.length));
    if (now.join('\n') === files.join('\n')) return;
    this.edits.replaceChildren(...files.map((f) => new Option(`${f} (edited)`, DRAFT + f)));
    this.edits.hidden = files.length === 0;
  }

  /** The menu shows the example, or the draft, that the editor holds; nothing when it holds neither. */
  private syncExamples(): void {
    const text = this.editor.text, ex = EXAMPLES.find((e) => e.file === this.name && e.text === text);
    const d = ex ? null : draftOf(this.name);
    this.examples.value = ex ? ex.file : d && d.text === text ? DRAFT + d.file : '';
  }
}

/** The menu value of a draft: this prefix and its file name (no example's file starts with it). */
const DRAFT = 'draft:';

/** `file`, or `name (2).ext`, `name (3).ext`, … : the first with no draft, or a draft of `text` itself. */
export function nameBeside(file: string, text: string): string {
  const dot = file.lastIndexOf('.'), stem = dot > 0 ? file.slice(0, dot) : file, ext = dot > 0 ? file.slice(dot) : '';
  for (let k = 1; ; k++) {
    const name = k === 1 ? file : `${stem} (${k})${ext}`;
    const d = draftOf(name);
    if (d === null || d.text === text) return name;
  }
}
