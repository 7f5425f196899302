// A small stand-in DOM for testing the page modules' own logic (what they write, when) in Node: element text, flags,
// listeners, localStorage, and animation frames that run only when a test says so. The page itself is tested in
// Chromium (test/browser/); this is for orderings a browser test cannot force (a result landing late).
type Listener = (e: any) => void;
export class FakeEl {
  id = ''; tagName: string; textContent = ''; hidden = false; className = ''; value = ''; disabled = false; checked = false;
  scrollTop = 0; selectionStart = 0; selectionEnd = 0; title = ''; type = ''; htmlFor = ''; open = false;
  min = ''; max = ''; step = '';
  dataset: Record<string, string> = {}; style: Record<string, string> = {};
  children: any[] = []; parentElement: FakeEl | null = null;
  private listeners = new Map<string, Listener[]>();
  private queries = new Map<string, FakeEl>();
  private _html = '';
  classList = {
    set: new Set<string>(),
    contains: (c: string) => this.classList.set.has(c),
    add: (c: string) => void this.classList.set.add(c),
    remove: (c: string) => void this.classList.set.delete(c),
    toggle: (c: string, on?: boolean) => { const v = on ?? !this.classList.set.has(c); if (v) this.classList.set.add(c); else this.classList.set.delete(c); return v; },
  };
  constructor(tag = 'div') { this.tagName = tag.toUpperCase(); }
  get innerHTML() { return this._html; }
  set innerHTML(v: string) { this._html = v; this.queries.clear(); this.children = []; }
  get childElementCount() { return this.children.length; }
  append(...xs: any[]) { for (const x of xs) { if (x instanceof FakeEl) x.parentElement = this; this.children.push(x); } }
  replaceChildren(...xs: any[]) { this.children = []; this.append(...xs); }
  addEventListener(t: string, f: Listener) { this.listeners.set(t, [...(this.listeners.get(t) ?? []), f]); }
  removeEventListener() {}
  dispatch(t: string, e: any = {}) { for (const f of this.listeners.get(t) ?? []) f({ target: this, preventDefault() {}, ...e }); }
  click() { this.dispatch('click'); }
  querySelector(sel: string) { let q = this.queries.get(sel); if (!q) { q = new FakeEl(sel); this.queries.set(sel, q); } return q; }
  querySelectorAll(_sel: string) { return []; }
  setAttribute(k: string, v: string) { (this as any)[`attr:${k}`] = v; }
  setSelectionRange(a: number, b: number) { this.selectionStart = a; this.selectionEnd = b; }
  focus() {}
  /** Text of this element and its children, as the page would show it. */
  get text(): string { return this.textContent + this.children.map((c) => (c instanceof FakeEl ? c.text : String(c))).join(''); }
}
const byId = new Map<string, FakeEl>();
const body = new FakeEl('body');
const g = globalThis as any;
g.document = {
  body,
  activeElement: null,
  getElementById(id: string) { let e = byId.get(id); if (!e) { e = new FakeEl(); e.id = id; byId.set(id, e); } return e; },
  createElement: (tag: string) => new FakeEl(tag),
  addEventListener() {},
  execCommand() {},
};
g.window = globalThis;
g.Option = class extends FakeEl { constructor(text: string, value: string) { super('option'); this.textContent = text; this.value = value; } };
g.ResizeObserver = class { observe() {} disconnect() {} };
g.getComputedStyle = () => ({ lineHeight: '18px' });
const store = new Map<string, string>();
g.localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
// Animation frames and idle callbacks run only when a test says so.
const frames = new Map<number, () => void>();
let frameId = 0;
g.requestAnimationFrame = (f: () => void) => { frames.set(++frameId, f); return frameId; };
g.cancelAnimationFrame = (n: number) => void frames.delete(n);
export function runFrames() { const fs = [...frames.values()]; frames.clear(); for (const f of fs) f(); }
g.requestIdleCallback = (f: () => void) => setTimeout(f, 0);
if (!g.PerformanceObserver) g.PerformanceObserver = class { static supportedEntryTypes = []; observe() {} disconnect() {} };
g.Worker = class { postMessage() {} addEventListener() {} terminate() {} };
export { byId };
export function resetDom() { byId.clear(); }
