/**
 * The all-features histogram pass as a hand-assembled WebAssembly kernel: it measured 2x faster per cell than
 * V8's code for the same loop (no per-access bounds checks), with bit-identical sums (same order, same f64 adds).
 * Its arrays (row codes, gradients, row indices, histograms) must live in one WebAssembly.Memory: see HistArena.
 */

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const name = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const I32 = 0x7f;
const F64 = 0x7c;

/**
 * hist8(bins, gh, idx, start, end, hist, p, strideBytes), all byte addresses:
 *   for i in [start, end): r = idx[i]; g, h = gh[2r], gh[2r+1] (f32 → f64);
 *     for q in [0, p): o = hist + q·strideBytes + bins[r·p + q]·16; f64[o] += g; f64[o + 8] += h
 * Locals: 8 i, 9 r, 10 b, 11 stop, 12 fo, 13 o (i32); 14 g, 15 h (f64).
 */
function moduleBytes(): Uint8Array {
  const body = [
    ...get(3),
    ...set(8),
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(8),
    ...get(4),
    0x4e,
    0x0d,
    1, // i >= end: exit
    ...get(2),
    ...get(8),
    0x41,
    2,
    0x74,
    0x6a,
    0x28,
    2,
    0,
    ...set(9), // r = idx[i]
    ...get(1),
    ...get(9),
    0x41,
    3,
    0x74,
    0x6a,
    ...set(13),
    ...get(13),
    0x2a,
    2,
    0,
    0xbb,
    ...set(14), // g
    ...get(13),
    0x2a,
    2,
    4,
    0xbb,
    ...set(15), // h
    ...get(0),
    ...get(9),
    ...get(6),
    0x6c,
    0x6a,
    ...set(10), // b = bins + r·p
    ...get(10),
    ...get(6),
    0x6a,
    ...set(11),
    ...get(5),
    ...set(12),
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(10),
    ...get(11),
    0x4f,
    0x0d,
    1, // b >= stop: next row
    ...get(12),
    ...get(10),
    0x2d,
    0,
    0,
    0x41,
    4,
    0x74,
    0x6a,
    0x22,
    13, // o = fo + code·16
    ...get(13),
    0x2b,
    3,
    0,
    ...get(14),
    0xa0,
    0x39,
    3,
    0,
    ...get(13),
    ...get(13),
    0x2b,
    3,
    8,
    ...get(15),
    0xa0,
    0x39,
    3,
    8,
    ...get(12),
    ...get(7),
    0x6a,
    ...set(12),
    ...get(10),
    0x41,
    1,
    0x6a,
    ...set(10),
    0x0c,
    0,
    0x0b,
    0x0b,
    ...get(8),
    0x41,
    1,
    0x6a,
    ...set(8),
    0x0c,
    0,
    0x0b,
    0x0b,
    0x0b,
  ];
  const func = [2, 6, I32, 2, F64, ...body];
  // partition(idx, tmp, start, end, col, lut) → first right position; see HistArena.partition.
  // Locals: 6 i, 7 l, 8 rp (tmp byte address), 9 row, 10 left.
  const part = [
    1,
    5,
    I32,
    ...get(2),
    ...set(6),
    ...get(2),
    ...set(7),
    ...get(1),
    ...set(8),
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(6),
    ...get(3),
    0x4e,
    0x0d,
    1,
    ...get(0),
    ...get(6),
    0x41,
    2,
    0x74,
    0x6a,
    0x28,
    2,
    0,
    ...set(9), // row = idx[i]
    ...get(5),
    ...get(4),
    ...get(9),
    0x6a,
    0x2d,
    0,
    0,
    0x6a,
    0x2d,
    0,
    0,
    ...set(10), // left = lut[col[row]]
    ...get(0),
    ...get(7),
    0x41,
    2,
    0x74,
    0x6a,
    ...get(9),
    0x36,
    2,
    0, // idx[l] = row
    ...get(8),
    ...get(9),
    0x36,
    2,
    0, // *rp = row
    ...get(7),
    ...get(10),
    0x6a,
    ...set(7),
    ...get(8),
    0x41,
    1,
    ...get(10),
    0x6b,
    0x41,
    2,
    0x74,
    0x6a,
    ...set(8),
    ...get(6),
    0x41,
    1,
    0x6a,
    ...set(6),
    0x0c,
    0,
    0x0b,
    0x0b,
    ...get(7),
    0x0b,
  ];
  // sums(idx, start, end, gh, out): out[0..1] = Σ gh[2r], Σ gh[2r+1] over r = idx[start..end), in row order.
  // Locals: 5 i, 6 a (i32); 7 s0, 8 s1 (f64).
  const sums = [
    2,
    2,
    I32,
    2,
    F64,
    ...get(1),
    ...set(5),
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(5),
    ...get(2),
    0x4e,
    0x0d,
    1,
    ...get(3),
    ...get(0),
    ...get(5),
    0x41,
    2,
    0x74,
    0x6a,
    0x28,
    2,
    0,
    0x41,
    3,
    0x74,
    0x6a,
    ...set(6),
    ...get(7),
    ...get(6),
    0x2a,
    2,
    0,
    0xbb,
    0xa0,
    ...set(7),
    ...get(8),
    ...get(6),
    0x2a,
    2,
    4,
    0xbb,
    0xa0,
    ...set(8),
    ...get(5),
    0x41,
    1,
    0x6a,
    ...set(5),
    0x0c,
    0,
    0x0b,
    0x0b,
    ...get(4),
    ...get(7),
    0x39,
    3,
    0,
    ...get(4),
    ...get(8),
    0x39,
    3,
    8,
    0x0b,
  ];
  const fn = (code: number[]): number[] => [...leb(code.length), ...code];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, [
      3,
      0x60,
      8,
      I32,
      I32,
      I32,
      I32,
      I32,
      I32,
      I32,
      I32,
      0,
      0x60,
      6,
      I32,
      I32,
      I32,
      I32,
      I32,
      I32,
      1,
      I32,
      0x60,
      5,
      I32,
      I32,
      I32,
      I32,
      I32,
      0,
    ]),
    ...section(2, [1, ...name('m'), ...name('mem'), 0x02, 0x00, 1]),
    ...section(3, [3, 0, 1, 2]),
    ...section(7, [3, ...name('hist8'), 0x00, 0, ...name('partition'), 0x00, 1, ...name('sums'), 0x00, 2]),
    ...section(10, [3, ...fn(func), ...fn(part), ...fn(sums)]),
  ]);
}

/** The few WebAssembly APIs used here (the node tsconfig has no DOM lib, whose types declare them). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (d: { initial: number }) => WasmMemory;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(moduleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled ?? null;
}

interface Kernels {
  hist8: (
    bins: number,
    gh: number,
    idx: number,
    start: number,
    end: number,
    hist: number,
    p: number,
    strideBytes: number,
  ) => void;
  partition: (idx: number, tmp: number, start: number, end: number, col: number, lut: number) => number;
  sums: (idx: number, start: number, end: number, gh: number, out: number) => void;
}

/** Keeps the wasm heap small enough to allocate comfortably next to the rest of the fit. */
const MAX_BYTES = 1 << 30;

/**
 * One WebAssembly.Memory holding a fit's row codes, gradients, row indices and a fixed number of histogram slots,
 * exposed as typed-array views (the memory never grows, so the views stay valid). `create` returns null when
 * WebAssembly is unavailable or the data is too large; callers then use plain arrays and the JS loop.
 */
export class HistArena {
  readonly rows8: Uint8Array<ArrayBuffer>;
  readonly gh: Float32Array<ArrayBuffer>;
  readonly idx: Int32Array<ArrayBuffer>;
  /** Column-major local codes (columnCodes) and partition scratch space. */
  readonly cols: Uint8Array<ArrayBuffer>;
  readonly tmp: Int32Array<ArrayBuffer>;
  private readonly lut: Uint8Array<ArrayBuffer>;
  private readonly out: Float64Array<ArrayBuffer>;
  private readonly slots: Array<Float64Array<ArrayBuffer>> = [];

  private constructor(
    private readonly mem: WasmMemory,
    private readonly kernel: Kernels,
    n: number,
    p: number,
    histSize: number,
    nSlots: number,
  ) {
    let off = 0;
    const take = (bytes: number): number => {
      const at = off;
      off += Math.ceil(bytes / 16) * 16;
      return at;
    };
    this.rows8 = new Uint8Array(mem.buffer, take(n * p), n * p);
    this.gh = new Float32Array(mem.buffer, take(8 * n), 2 * n);
    this.idx = new Int32Array(mem.buffer, take(4 * n), n);
    this.cols = new Uint8Array(mem.buffer, take(n * p), n * p);
    this.tmp = new Int32Array(mem.buffer, take(4 * n), n);
    this.lut = new Uint8Array(mem.buffer, take(256), 256);
    this.out = new Float64Array(mem.buffer, take(16), 2);
    for (let s = 0; s < nSlots; s++) this.slots.push(new Float64Array(mem.buffer, take(8 * histSize), histSize));
  }

  static create(n: number, p: number, histSize: number, nSlots: number): HistArena | null {
    const mod = kernelModule();
    const bytes = 16 * 8 + 256 + 2 * n * p + 16 * n + nSlots * 8 * histSize;
    if (!mod || !wasm || bytes > MAX_BYTES) return null;
    const mem = new wasm.Memory({ initial: Math.ceil(bytes / 65_536) + 1 });
    const inst = new wasm.Instance(mod, { m: { mem } });
    return new HistArena(mem, inst.exports as unknown as Kernels, n, p, histSize, nSlots);
  }

  /** A histogram buffer inside the arena, or null when all slots are taken. */
  takeSlot(): Float64Array | null {
    return this.slots.pop() ?? null;
  }

  /** True when the kernel can run on these arrays (all views of this arena's memory). */
  owns(a: ArrayBufferView): boolean {
    return a.buffer === this.mem.buffer;
  }

  /** Adds rows idx[start..end) into hist (stride = bins per feature, a power of two). */
  hist8(idx: Int32Array, start: number, end: number, hist: Float64Array, p: number, stride: number): void {
    this.kernel.hist8(
      this.rows8.byteOffset,
      this.gh.byteOffset,
      idx.byteOffset,
      start,
      end,
      hist.byteOffset,
      p,
      stride * 16,
    );
  }

  /**
   * Stable partition of idx[start..end) (a view of this arena) on column f of `cols`: rows whose local code c has
   * goLeft[c] = 1 first. Returns the first right position.
   */
  partition(idx: Int32Array, start: number, end: number, f: number, n: number, goLeft: Uint8Array): number {
    this.lut.set(goLeft);
    const l = this.kernel.partition(
      idx.byteOffset,
      this.tmp.byteOffset,
      start,
      end,
      this.cols.byteOffset + f * n,
      this.lut.byteOffset,
    );
    idx.set(this.tmp.subarray(0, end - l), l);
    return l;
  }

  /** [Σ g, Σ h] over rows idx[start..end) of this arena's gh, summed in row order (as the JS loop does). */
  sums(idx: Int32Array, start: number, end: number): Float64Array {
    this.kernel.sums(idx.byteOffset, start, end, this.gh.byteOffset, this.out.byteOffset);
    return Float64Array.from(this.out);
  }
}
