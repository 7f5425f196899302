import { METRIC, unitText, type Estimate, type Ranking, type Report } from '../engine/index.ts';
import { exact } from './charts/common.ts';

/** A figure for the table: whole units for large values (as the CLI prints them), 4 significant digits otherwise. */
function num(x: number): string {
  return Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

/** The objective's unit from the engine's catalog (none for availability, shown as a percentage). */
function unitOf(r: Ranking, report: Report): string {
  const unit = METRIC[r.objective].unit;
  return unit === 'fraction' ? '' : unitText(unit, report.scenario.currency);
}

/** A value of the objective: availability as a percentage. */
function fig(x: number, availability: boolean): string {
  return availability ? `${+(x * 100).toFixed(4)} %` : num(x);
}

function interval(e: Estimate, availability: boolean): string {
  return `${fig(e.mean, availability)} [${fig((e.lo ?? e.mean), availability)}, ${fig((e.hi ?? e.mean), availability)}]`;
}

function cell(tag: 'td' | 'th', text: string, className = '', title = ''): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  if (className) c.className = className;
  if (title) c.title = title;
  return c;
}

/**
 * The ranking as the CLI prints it: rank, arm, the objective's mean and 95 % interval, whether the
 * arm meets every constraint (or which it fails), then the best arm with its paired margin over the
 * runner-up and whether that interval excludes 0. Fills `section` (its `.about`, `table` and `.best`).
 */
export function renderRanking(section: HTMLElement, report: Report): void {
  const r = report.ranking!;
  const avail = r.objective === 'availability';
  const unit = unitOf(r, report);
  const order = r.direction === 'minimize' ? 'lowest first' : 'highest first';
  const cons = r.constraints.length ? `constraints (on each arm's mean): ${r.constraints.join(', ')}` : 'no constraints';
  section.querySelector('p.about')!.textContent = `By ${r.objective}${unit ? ` (${unit})` : ''}, ${order}; arms meeting every constraint rank first; ${cons}.`;

  const table = section.querySelector('table')!;
  const head = document.createElement('tr');
  head.append(cell('th', 'rank', 'num'), cell('th', 'arm'), cell('th', `${r.objective} mean [95 % interval]`, 'num'), cell('th', 'meets constraints'));
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  for (const a of r.arms) {
    const tr = document.createElement('tr');
    tr.dataset.arm = a.arm;
    tr.dataset.feasible = String(a.feasible);
    if (r.best?.arm === a.arm) tr.className = 'chosen';
    const e = a.objective;
    tr.append(
      cell('td', String(a.rank), 'num'),
      cell('td', a.arm, 'arm'),
      cell('td', interval(e, avail), 'num', `${exact(e.mean)} (95 % interval ${exact((e.lo ?? e.mean))} – ${exact((e.hi ?? e.mean))})${unit ? ` ${unit}` : ''}`),
      cell('td', a.feasible ? 'yes' : `no: ${a.violated.join(', ')}`, a.feasible ? 'ok' : 'bad'),
    );
    tbody.append(tr);
  }
  table.replaceChildren(thead, tbody);

  const best = section.querySelector<HTMLElement>('p.best')!;
  best.className = 'best';
  const b = r.best;
  if (!b) {
    best.textContent = 'No arm meets every constraint: none is chosen.';
    best.classList.add('bad');
  } else if (!b.runnerUp || !b.margin) {
    best.textContent = `Best: “${b.arm}”, the only arm meeting every constraint (no runner-up to compare it with).`;
  } else {
    const m = b.margin;
    const dir = r.direction === 'minimize' ? 'lower' : 'higher';
    const verdict = b.separated === null ? 'one replication: no interval'
      : b.separated ? 'the interval excludes 0: the two are told apart'
      : 'the interval includes 0: the two are not told apart at this number of replications';
    best.textContent = `Best: “${b.arm}”, ${r.objective} ${fig(m.mean, avail)} ${dir} than the runner-up “${b.runnerUp}” ` +
      `(paired 95 % interval [${fig((m.lo ?? m.mean), avail)}, ${fig((m.hi ?? m.mean), avail)}]; ${verdict}).`;
    best.title = `margin ${exact(m.mean)} (95 % interval ${exact((m.lo ?? m.mean))} – ${exact((m.hi ?? m.mean))})`;
    best.classList.add(b.separated ? 'ok' : 'unsure');
  }
  best.dataset.separated = String(b?.separated ?? null);
}
