/** Saves a blob under a file name through a temporary link. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** What an exported image says about where it came from. */
export interface ImageSource {
  /** The chart's title: "Cost per arm by category". */
  chart: string;
  /** The scenario's name. */
  scenario: string;
  seed: string;
  /** The scenario's content hash (64 hex digits). */
  hash: string;
}

const CAPTION_H = 20;

/** The one-line caption exported images carry: scenario name, seed and hash. */
export function caption(source: ImageSource): string {
  return `${source.scenario} · seed ${source.seed} · hash ${source.hash}`;
}

/**
 * A chart as a standalone SVG document (charts set their styles as attributes, so the file looks
 * like the page). With `source`, the file carries the scenario's name, seed and hash three ways:
 * its <title> and <desc>, a <metadata> element, and a caption line under the chart.
 */
export function svgText(svg: SVGSVGElement, source?: ImageSource): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  if (source) {
    const ns = 'http://www.w3.org/2000/svg';
    const { width, height } = size(svg);
    const el = (name: string, text: string) => Object.assign(document.createElementNS(ns, name), { textContent: text });
    const meta = el('metadata', '');
    meta.setAttribute('id', 'simlapse-source');
    for (const [k, v] of [['chart', source.chart], ['scenario', source.scenario], ['seed', source.seed], ['hash', source.hash]]) meta.setAttribute(`data-${k}`, v);
    meta.textContent = JSON.stringify(source);
    copy.prepend(el('title', `${source.chart} — ${source.scenario}`), el('desc', `simlapse chart "${source.chart}" for ${caption(source)}`), meta);
    const h = height + CAPTION_H;
    copy.setAttribute('height', String(h));
    copy.setAttribute('viewBox', `0 0 ${width} ${h}`);
    const bg = el('rect', '');
    for (const [k, v] of Object.entries({ y: height, width, height: CAPTION_H, fill: 'white' })) bg.setAttribute(k, String(v));
    const text = el('text', caption(source));
    for (const [k, v] of Object.entries({ class: 'caption', x: 8, y: height + 14, 'font-size': 11, fill: '#595959' })) text.setAttribute(k, String(v));
    copy.append(bg, text);
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
}

/**
 * Renders a chart on a canvas at `scale` × its size and returns it as PNG. With `source`, the
 * image shows the caption line (as the SVG) and carries tEXt chunks Title, Description (the
 * caption), Source, Software and simlapse:seed / simlapse:hash.
 */
export async function pngBlob(svg: SVGSVGElement, scale = 2, source?: ImageSource): Promise<Blob> {
  const { width } = size(svg);
  const height = size(svg).height + (source ? CAPTION_H : 0);
  const url = URL.createObjectURL(new Blob([svgText(svg, source)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
    if (!source) return png;
    return new Blob([withText(new Uint8Array(await png.arrayBuffer()), [
      ['Title', `${source.chart} — ${source.scenario}`],
      ['Description', caption(source)],
      ['Source', 'simlapse'],
      ['simlapse:seed', source.seed],
      ['simlapse:hash', source.hash],
    ])], { type: 'image/png' });
  } finally {
    URL.revokeObjectURL(url);
  }
}

function size(svg: SVGSVGElement): { width: number; height: number } {
  return { width: svg.width.baseVal.value, height: svg.height.baseVal.value };
}

/**
 * A PNG with text chunks inserted after its IHDR (PNG spec §11.3.4): tEXt (a Latin-1 keyword, a
 * NUL, Latin-1 text) when the text is Latin-1, else iTXt (UTF-8 text, uncompressed, no language).
 */
export function withText(png: Uint8Array, entries: readonly [string, string][]): Uint8Array<ArrayBuffer> {
  const ihdrEnd = 8 + 12 + 13; // signature, then IHDR: length, type, 13 data bytes, CRC
  const chunks = entries.map(([k, v]) => (/^[\u0000-\u00ff]*$/.test(v)
    ? chunk('tEXt', latin1(`${k}\0${v}`))
    : chunk('iTXt', concat(latin1(`${k}\0\0\0\0\0`), new TextEncoder().encode(v)))));
  const out = new Uint8Array(png.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(png.subarray(0, ihdrEnd), 0);
  let at = ihdrEnd;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  out.set(png.subarray(ihdrEnd), at);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 63));
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let CRC_TABLE: Uint32Array | null = null;

/** CRC-32 as PNG chunks use it (ISO 3309, polynomial 0xEDB88320). */
function crc32(bytes: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
