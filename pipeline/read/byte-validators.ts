// Incremental validators that find the first byte that is not UTF-8, or not CP949, across chunk
// boundaries. Decoders replace bad bytes with U+FFFD silently; these say exactly where they are.

/** WHATWG UTF-8 decoder state machine, without producing text. */
export class Utf8Validator {
  private needed = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private leadOffset = 0;
  private offset = 0;
  /** Complete sequences of 3 or 4 bytes seen (every Hangul syllable in UTF-8 is one). */
  longSequences = 0;

  /** Returns the absolute byte offset of the first invalid sequence's lead byte, or -1. */
  push(chunk: Uint8Array): number {
    const base = this.offset;
    let { needed, lower, upper, leadOffset } = this;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (needed === 0) {
        if (b < 0x80) continue;
        leadOffset = base + i;
        if (b >= 0xc2 && b <= 0xdf) needed = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) lower = 0xa0;
          if (b === 0xed) upper = 0x9f;
          needed = 2;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) lower = 0x90;
          if (b === 0xf4) upper = 0x8f;
          needed = 3;
        } else return base + i;
      } else {
        if (b < lower || b > upper) return leadOffset;
        lower = 0x80;
        upper = 0xbf;
        if (--needed === 0 && base + i - leadOffset >= 2) this.longSequences++;
      }
    }
    this.offset = base + chunk.length;
    Object.assign(this, { needed, lower, upper, leadOffset });
    return -1;
  }

  /** At end of input: the offset of a sequence cut short by the end of the file, or -1. */
  end(): number {
    return this.needed > 0 ? this.leadOffset : -1;
  }
}

const isCp949Trail = (b: number): boolean =>
  (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x81 && b <= 0xfe);

/**
 * CP949 (Microsoft's superset of EUC-KR, which adds 똠, 햏 and the other 8,822 syllables) is one byte
 * below 0x80 or a lead 0x81–0xFE followed by a trail byte. Unmapped pairs are caught after decoding.
 */
export class Cp949Validator {
  private expectTrail = false;
  private leadOffset = 0;
  private offset = 0;

  push(chunk: Uint8Array): number {
    const base = this.offset;
    let expectTrail = this.expectTrail;
    let leadOffset = this.leadOffset;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (expectTrail) {
        if (!isCp949Trail(b)) return leadOffset;
        expectTrail = false;
      } else if (b >= 0x80) {
        if (b === 0x80 || b === 0xff) return base + i;
        expectTrail = true;
        leadOffset = base + i;
      }
    }
    this.offset = base + chunk.length;
    this.expectTrail = expectTrail;
    this.leadOffset = leadOffset;
    return -1;
  }

  end(): number {
    return this.expectTrail ? this.leadOffset : -1;
  }
}

/** Hex of a few bytes around an offset, for error messages: "EC 9D". */
export function hexAround(bytes: Uint8Array, index: number, count = 4): string {
  const slice = bytes.subarray(Math.max(0, index), Math.min(bytes.length, index + count));
  return Array.from(slice, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
