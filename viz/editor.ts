import { formatIssue, type ScenarioIssue } from '../scenarios/index.ts';

/**
 * The scenario editor: a plain textarea with a line-number gutter that marks
 * the lines with problems, and the list of problems below it, each exactly
 * as the CLI prints it (`file:line:col: path: message`). Clicking a problem
 * puts the cursor on its line.
 */
export class Editor {
  private lines = 0;
  private bad = new Set<number>();

  constructor(
    readonly textarea: HTMLTextAreaElement,
    private readonly gutter: HTMLElement,
    private readonly list: HTMLUListElement,
    onInput: () => void,
  ) {
    textarea.addEventListener('input', () => { this.renderGutter(); onInput(); });
    textarea.addEventListener('scroll', () => { this.gutter.scrollTop = textarea.scrollTop; });
    // Tab indents; Esc then Tab (or Shift+Tab) moves focus on, as in VS Code's "Tab moves focus".
    let escaped = false;
    textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { escaped = true; return; }
      const leave = escaped;
      escaped = false;
      if (leave || e.key !== 'Tab' || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      document.execCommand('insertText', false, '  ');
    });
    textarea.addEventListener('blur', () => { escaped = false; });
    list.addEventListener('click', (e) => {
      const li = (e.target as Element).closest('li');
      if (li?.dataset.line) this.goto(Number(li.dataset.line), Number(li.dataset.col || 1));
    });
  }

  get text(): string {
    return this.textarea.value;
  }

  set text(value: string) {
    this.textarea.value = value;
    this.textarea.scrollTop = 0;
    this.renderGutter();
  }

  /** Replaces the text in place (a knob moved): the scroll position and the cursor stay. */
  replace(value: string): void {
    const t = this.textarea, { scrollTop, selectionStart, selectionEnd } = t;
    t.value = value;
    t.setSelectionRange(Math.min(selectionStart, value.length), Math.min(selectionEnd, value.length));
    t.scrollTop = scrollTop;
    this.renderGutter();
  }

  /**
   * Shows the problems (an empty list clears them). Other errors come as plain text. Only the problems
   * of `file` (the scenario in the editor) mark and go to a line: another file's (a fleet CSV's) line
   * numbers are that file's.
   */
  showIssues(issues: readonly ScenarioIssue[], other: string[] = [], file?: string): void {
    // None before and none now (a knob's parse): nothing to write, and no layout forced by the gutter.
    if (issues.length === 0 && other.length === 0 && this.bad.size === 0 && this.list.childElementCount === 0) return;
    const lineOf = (i: ScenarioIssue): number => (file === undefined || i.file === file ? i.line : 0);
    this.bad = new Set(issues.map(lineOf).filter((l) => l > 0));
    this.list.replaceChildren(
      ...issues.map((issue) => {
        const li = document.createElement('li');
        li.className = 'issue';
        const line = lineOf(issue);
        if (line > 0) {
          li.dataset.line = String(line);
          li.dataset.col = String(issue.col);
        }
        li.title = line > 0 ? `Go to line ${line}` : '';
        li.textContent = formatIssue(issue);
        return li;
      }),
      ...other.map((text) => {
        const li = document.createElement('li');
        li.className = 'issue';
        li.textContent = text;
        return li;
      }),
    );
    this.lines = -1;
    this.renderGutter();
  }

  goto(line: number, col: number): void {
    const t = this.textarea, rows = t.value.split('\n');
    if (line < 1) return;
    let pos = 0;
    for (let i = 0; i < Math.min(line - 1, rows.length); i++) pos += rows[i].length + 1;
    pos += Math.max(0, col - 1);
    t.focus();
    t.setSelectionRange(pos, pos);
    const lh = parseFloat(getComputedStyle(t).lineHeight) || 18;
    t.scrollTop = Math.max(0, (line - 4) * lh);
  }

  private renderGutter(): void {
    const n = this.textarea.value.split('\n').length;
    if (n === this.lines) return;
    this.lines = n;
    let html = '';
    for (let i = 1; i <= n; i++) html += this.bad.has(i) ? `<span class="err">${i}</span>\n` : `${i}\n`;
    this.gutter.innerHTML = html + '\n';
    this.gutter.scrollTop = this.textarea.scrollTop;
  }
}
