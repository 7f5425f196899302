/**
 * GBK bytes of a text, for writing exports as Chinese platforms do. Node has a GBK decoder
 * but no encoder, so the table is built once from TextDecoder('gbk').
 */
let table: Map<string, number> | null = null;

export function gbk(s: string): Uint8Array {
  table ??= gbkTable();
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const code = table.get(ch);
      if (code === undefined) throw new Error(`no GBK code for ${ch}`);
      out.push(code >> 8, code & 0xff);
    }
  }
  return new Uint8Array(out);
}

function gbkTable(): Map<string, number> {
  const t = new Map<string, number>();
  const dec = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !t.has(ch)) t.set(ch, (hi << 8) | lo);
    }
  }
  return t;
}
