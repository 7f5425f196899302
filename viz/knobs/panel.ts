import { type Knob, type NumberKnob } from './find.ts';

export type KnobValue = number | boolean | string;

/**
 * The knobs beside the editor: a slider and a number box (with the unit) for each numeric field,
 * a checkbox for each boolean, a menu for a `kind:`, grouped by the scenario's sections. Shows
 * the values the text holds (`update`), and reports each move (`onChange`); the control being
 * moved is never overwritten by the text it just wrote.
 */
export class KnobPanel {
  private signature = '';
  private readonly rows = new Map<string, { knob: Knob; set(v: KnobValue): void }>();

  constructor(private readonly list: HTMLElement, private readonly onChange: (knob: Knob, value: KnobValue) => void) {}

  /** Shows these knobs (the text's): rebuilds the controls when the fields changed, else only moves them. */
  update(knobs: readonly Knob[]): void {
    const signature = knobs.map((k) => `${k.key}:${k.kind}`).join('\n');
    if (signature !== this.signature) {
      this.signature = signature;
      this.build(knobs);
      return;
    }
    for (const knob of knobs) {
      const row = this.rows.get(knob.key)!;
      row.knob = { ...knob, ...(knob.kind === 'number' && row.knob.kind === 'number' && { min: Math.min(row.knob.min, knob.value), max: Math.max(row.knob.max, knob.value), step: row.knob.step }) } as Knob;
      row.set(knob.value);
    }
  }

  private build(knobs: readonly Knob[]): void {
    this.rows.clear();
    const parts: HTMLElement[] = [];
    let section = '';
    for (const knob of knobs) {
      const top = knob.path.length === 1 ? 'scenario' : String(knob.path[0]);
      if (top !== section) {
        section = top;
        const h = document.createElement('h3');
        h.textContent = top;
        parts.push(h);
      }
      parts.push(this.row(knob));
    }
    if (knobs.length === 0) {
      const p = document.createElement('p');
      p.className = 'note';
      p.textContent = 'No knobs: the text does not parse as YAML.';
      parts.push(p);
    }
    this.list.replaceChildren(...parts);
  }

  private row(knob: Knob): HTMLElement {
    const row = document.createElement('div');
    row.className = `knob knob-${knob.kind}`;
    row.dataset.key = knob.key;
    const id = `knob-${knob.key.replace(/[^\w-]/g, '_')}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.title = knob.key;
    label.textContent = shortName(knob);
    row.append(label);
    const entry = { knob, set: (_: KnobValue) => {} };
    if (knob.kind === 'boolean') {
      const box = input('checkbox', id);
      box.checked = knob.value;
      box.addEventListener('change', () => this.onChange(entry.knob, box.checked));
      entry.set = (v) => { box.checked = v as boolean; };
      row.append(box);
    } else if (knob.kind === 'choice') {
      const menu = document.createElement('select');
      menu.id = id;
      menu.append(...knob.options.map((o) => new Option(o, o)));
      menu.value = knob.value;
      menu.addEventListener('change', () => this.onChange(entry.knob, menu.value));
      entry.set = (v) => { if (document.activeElement !== menu) menu.value = String(v); };
      row.append(menu);
    } else {
      const { slider, box, set } = numberControls(knob, id, (v) => this.onChange(entry.knob, v), () => entry.knob as NumberKnob);
      entry.set = set;
      const unit = document.createElement('span');
      unit.className = 'unit';
      unit.textContent = knob.unit;
      row.append(slider, box, unit);
    }
    this.rows.set(knob.key, entry);
    return row;
  }
}

/** A slider over the knob's range and a number box for any value; both report each change. */
function numberControls(knob: NumberKnob, id: string, changed: (v: number) => void, current: () => NumberKnob) {
  const slider = input('range', `${id}-slider`);
  const box = input('number', id);
  slider.setAttribute('aria-label', `${knob.key}${knob.unit ? ` (${knob.unit})` : ''}`);
  const range = (k: NumberKnob) => {
    slider.min = String(k.min);
    slider.max = String(k.max);
    slider.step = String(k.step);
    box.step = k.integer ? '1' : 'any';
  };
  range(knob);
  slider.value = box.value = String(knob.value);
  slider.addEventListener('input', () => { box.value = slider.value; changed(Number(slider.value)); });
  box.addEventListener('input', () => {
    const v = Number(box.value);
    if (box.value.trim() === '' || !Number.isFinite(v)) return;
    changed(v);
  });
  const set = (v: KnobValue) => {
    const n = Number(v);
    range(current());
    if (document.activeElement !== slider) slider.value = String(n);
    if (document.activeElement !== box) box.value = String(n);
  };
  return { slider, box, set };
}

function input(type: string, id: string): HTMLInputElement {
  const el = document.createElement('input');
  el.type = type;
  el.id = id;
  return el;
}

/** The field's name without its section: `tracker.quotaMB`, `alerts.thresholdPct`. */
function shortName(knob: Knob): string {
  const rest = knob.key.slice(String(knob.path[0]).length).replace(/^\./, '');
  return rest || knob.key;
}
