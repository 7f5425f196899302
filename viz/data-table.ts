import { exact } from './charts/common.ts';

const tableRows = new WeakMap<HTMLElement, () => (string | number)[][] | null>();

/**
 * The chart's data (the rows its CSV holds) as a table behind a "Data table" disclosure, reachable
 * by keyboard; filled when opened and refreshed on each redraw while open.
 */
export function dataTable(rows: () => (string | number)[][] | null): HTMLDetailsElement {
  const details = document.createElement('details');
  details.className = 'data';
  details.innerHTML = '<summary>Data table</summary><div class="table-wrap" tabindex="0"><table></table></div>';
  tableRows.set(details, rows);
  details.addEventListener('toggle', () => fillTable(details));
  return details;
}

/** Refills the data table of a chart section if it is open. */
export function refreshTable(section: HTMLElement): void {
  const details = section.querySelector<HTMLDetailsElement>('details.data');
  if (details) fillTable(details);
}

function fillTable(details: HTMLDetailsElement): void {
  const table = details.querySelector('table')!;
  if (!details.open) { table.replaceChildren(); return; }
  const rows = tableRows.get(details)?.() ?? [];
  const [head, ...body] = rows;
  const thead = document.createElement('thead'), tbody = document.createElement('tbody');
  const tr = (cells: (string | number)[], tag: 'th' | 'td') => {
    const row = document.createElement('tr');
    for (const c of cells) row.append(Object.assign(document.createElement(tag), { textContent: typeof c === 'number' ? exact(c) : c }));
    return row;
  };
  if (head) thead.append(tr(head, 'th'));
  for (const r of body) tbody.append(tr(r, 'td'));
  table.replaceChildren(thead, tbody);
}
