/**
 * One hover tooltip for every chart: it shows the `<title>` of the mark under
 * the pointer (the exact values), and hides the title meanwhile so the
 * browser's own tooltip does not show twice.
 */
export function installTooltip(root: HTMLElement): void {
  const tip = document.createElement('div');
  tip.className = 'tooltip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  document.body.append(tip);
  let current: { el: Element; title: SVGTitleElement } | null = null;

  const hide = () => {
    if (current) current.el.append(current.title);
    current = null;
    tip.hidden = true;
  };
  root.addEventListener('pointerover', (e) => {
    const el = markOf(e.target as Element, current?.el);
    if (!el || el === current?.el) return;
    hide();
    const title = Array.from(el.children).find((c): c is SVGTitleElement => c.tagName === 'title');
    if (!title) return;
    current = { el, title };
    tip.textContent = title.textContent;
    title.remove();
    tip.hidden = false;
  });
  root.addEventListener('pointermove', (e) => {
    if (tip.hidden) return;
    const pad = 14, r = tip.getBoundingClientRect();
    let x = e.clientX + pad, y = e.clientY + pad;
    if (x + r.width > innerWidth - 4) x = e.clientX - r.width - pad;
    if (y + r.height > innerHeight - 4) y = e.clientY - r.height - pad;
    tip.style.left = `${Math.max(4, x)}px`;
    tip.style.top = `${Math.max(4, y)}px`;
  });
  root.addEventListener('pointerout', (e) => {
    if (!current) return;
    const to = e.relatedTarget as Element | null;
    if (to && markOf(to, current.el) === current.el) return;
    hide();
  });
}

/** The nearest element (inside an SVG) that carries a title, or is the one whose title is shown. */
function markOf(el: Element | null, shown: Element | undefined): Element | null {
  for (let n = el; n && n.tagName !== 'svg'; n = n.parentElement) {
    if (n === shown || Array.from(n.children).some((c) => c.tagName === 'title')) return n;
  }
  return null;
}
