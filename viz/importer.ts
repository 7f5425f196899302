/**
 * A carrier export imported in the page (`#import`): the importer runs in a Web Worker
 * (viz/import-worker.ts, started on the first import); the panel shows the CLI's summary, every
 * rejected and repaired row with the CLI's messages, the four outputs as downloads; the fleet
 * CSV joins the page's files (viz/files.ts) for a scenario's `fleet: {csv: …}`. An export that
 * gives no card offers its rejected rows only and leaves the page's files as they were.
 * `document.body.dataset.importState` says `running`, `done` or `error` (for tests).
 */
import * as Comlink from 'comlink';
import type { RowNote } from '../import/pure.ts';
import { parseDate } from '../engine/index.ts';
import { $ } from './dom.ts';
import { download } from './download.ts';
import type { HeldFile, PageFiles } from './files.ts';
import type { PageImport, PageImportRequest, PageImportResult } from './import-job.ts';
import { pageOutputNames } from './import-names.ts';

type ImportApi = { importExport(req: PageImportRequest): Promise<PageImportResult> };

export class PageImporter {
  private api: Comlink.Remote<ImportApi> | null = null;
  private last: { name: string; bytes: Uint8Array } | null = null;
  private result: PageImport | null = null;
  /** The latest import asked for: an earlier one that answers after it is dropped. */
  private seq = 0;
  private readonly section = $('import');
  private readonly start = $<HTMLInputElement>('import-start');

  /**
   * `startOf` gives the editor's scenario start (the default date of an export); `onStarted` is
   * called as an import starts (opened, or Import again), and `onImported` with the fleet CSV's
   * name once it is held (the latest import's only).
   */
  constructor(
    private readonly files: PageFiles,
    private readonly startOf: () => string | null,
    private readonly onImported: (fleet: string) => void,
    private readonly onStarted: () => void = () => {},
  ) {
    $('import-again').addEventListener('click', () => { if (this.last) void this.run(); });
    $('import-close').addEventListener('click', () => { this.section.hidden = true; });
    this.section.addEventListener('click', (e) => {
      const kind = (e.target as HTMLElement).dataset?.download as keyof PageImport['files'] | undefined;
      const r = this.result;
      if (!kind || !r) return;
      const type = kind === 'profiles' ? 'text/yaml' : 'text/csv';
      download(r.files[kind], new Blob([r[kind]], { type: `${type};charset=utf-8` }));
    });
  }

  /** Imports an export (a CSV or an .xlsx) dated the scenario's start (else today; the date can be changed and the import run again). */
  async open(file: File): Promise<void> {
    this.last = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    this.start.value = this.startOf() ?? new Date().toISOString().slice(0, 10);
    await this.run();
  }

  private async run(): Promise<void> {
    const { name, bytes } = this.last!;
    const id = ++this.seq;
    // Checked as the CLI's --start is, before any work (an empty or unreal date would reach the importer as "Invalid time value").
    const start = this.start.value.trim();
    if (Number.isNaN(parseDate(start))) {
      this.section.hidden = false;
      this.show(name, { ok: false, message: `Start date ${JSON.stringify(start)}: expected a date YYYY-MM-DD (the day the export describes).` }, undefined);
      return;
    }
    this.onStarted();
    // What the page holds under the fleet CSV's name as the import starts: a file the user opens under
    // that name meanwhile is theirs, and the import does not replace it (show).
    const before = this.files.get(pageOutputNames(name).fleet);
    this.section.hidden = false;
    $('import-title').textContent = `Importing ${name}…`;
    document.body.dataset.importState = 'running';
    this.api ??= Comlink.wrap<ImportApi>(new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module', name: 'simlapse-import' }));
    let r: PageImportResult;
    try {
      r = await this.api.importExport({ name, bytes: bytes.slice(), start });
    } catch (err) {
      r = { ok: false, message: `${name}: the importer failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    // A newer import owns the panel (and Import again imports its file): this result is not shown.
    if (id !== this.seq) return;
    this.show(name, r, before);
  }

  private show(name: string, r: PageImportResult, before: HeldFile | undefined): void {
    const error = $('import-error');
    const body = $('import-body');
    if (!r.ok) {
      this.result = null;
      $('import-title').textContent = `Cannot import ${name}`;
      error.hidden = false;
      error.textContent = r.message;
      body.hidden = true;
      document.body.dataset.importState = 'error';
      return;
    }
    const res = (this.result = r.result);
    error.hidden = true;
    body.hidden = false;
    // No card imported: the rejected rows are its only output (as the CLI writes only them); the page's files stay as they were.
    const none = res.summary.imported === 0;
    $('import-title').textContent = none ? `No card imported from ${name}` : `Imported ${name}`;
    $('import-summary').textContent = res.text;
    for (const b of Array.from(body.querySelectorAll<HTMLButtonElement>('button[data-download]'))) {
      b.textContent = res.files[b.dataset.download as keyof PageImport['files']];
      b.hidden = none && b.dataset.download !== 'rejected';
    }
    rows($('import-rejected'), `Rejected rows (${res.rejectedRows.length})`, res.rejectedRows);
    rows($('import-repaired'), `Repairs (${res.repairedRows.length}, in ${res.summary.repaired} rows)`, res.repairedRows);
    if (none) {
      $('import-note').textContent = res.summary.read === 0
        ? `${name} has no rows below its header: no fleet CSV was made, and the page's files are as they were.`
        : `Every row of ${name} was rejected (listed below, and in ${res.files.rejected}): no fleet CSV was made, and the page's files are as they were.`;
      document.body.dataset.importState = 'done';
      return;
    }
    const mine = this.files.get(res.files.fleet);
    const opened = mine !== undefined && mine !== before && mine.origin === 'opened';
    $('import-note').textContent = opened
      ? `You opened a file named ${res.files.fleet} while this export was importing: the page keeps yours. Download the imported one below, or remove yours (×) and import again to hold it.`
      : `${res.files.fleet} is among the page's files: a scenario reads it with fleet: {csv: ${res.files.fleet}, …}. The profiles fitted are in ${res.files.profiles}.`;
    document.body.dataset.importState = 'done';
    if (opened) return;
    this.files.add(res.files.fleet, res.fleet, 'imported');
    this.onImported(res.files.fleet);
  }
}

/** A <details> listing rows as the CLI does: `line N: message`. */
function rows(box: HTMLElement, title: string, list: RowNote[]): void {
  box.hidden = list.length === 0;
  box.querySelector('summary')!.textContent = title;
  const ul = box.querySelector('ul')!;
  ul.replaceChildren(...list.map((r) => {
    const li = document.createElement('li');
    li.textContent = `line ${r.line}: ${r.message}`;
    return li;
  }));
}
