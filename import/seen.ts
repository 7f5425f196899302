/**
 * ICCIDs seen so far, to reject duplicates without keeping a million strings: an
 * open-addressing table of two 32-bit hashes per ICCID and the line it was on (12 bytes
 * per card). Two different ICCIDs share both hashes with odds about 1 in 2^64.
 */
export class SeenIccids {
  private h1 = new Uint32Array(1 << 16);
  private h2 = new Uint32Array(1 << 16);
  private lines = new Int32Array(1 << 16);
  private size = 0;

  /** Records `iccid` at `line`; returns the earlier line if it was already seen, else 0. */
  add(iccid: string, line: number): number {
    if (this.size * 2 >= this.h1.length) this.grow();
    let a = 0x811c9dc5, b = 0x9747b28c;
    for (let i = 0; i < iccid.length; i++) {
      const c = iccid.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a = (a | 1) >>> 0; // 0 marks an empty slot
    b >>>= 0;
    const mask = this.h1.length - 1;
    for (let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      if (this.h1[slot] === 0) {
        this.h1[slot] = a;
        this.h2[slot] = b;
        this.lines[slot] = line;
        this.size++;
        return 0;
      }
      if (this.h1[slot] === a && this.h2[slot] === b) return this.lines[slot];
    }
  }

  private grow(): void {
    const { h1, h2, lines } = this;
    this.h1 = new Uint32Array(h1.length * 2);
    this.h2 = new Uint32Array(h1.length * 2);
    this.lines = new Int32Array(h1.length * 2);
    const mask = this.h1.length - 1;
    for (let i = 0; i < h1.length; i++) {
      if (h1[i] === 0) continue;
      let slot = (h1[i] ^ Math.imul(h2[i], 0x9e3779b1)) & mask;
      while (this.h1[slot] !== 0) slot = (slot + 1) & mask;
      this.h1[slot] = h1[i];
      this.h2[slot] = h2[i];
      this.lines[slot] = lines[i];
    }
  }
}
