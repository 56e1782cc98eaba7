import { Worker } from 'node:worker_threads';
import { gradientRows } from './gradient-rows';
import type { BinTree } from './hist-tree';

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
/** Signed LEB128 (i32.const immediates) of a non-negative n. */
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>>= 7;
    if (n === 0 && (b & 0x40) === 0) return [...out, b];
    out.push(b | 0x80);
  }
};
const name = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
/** block, loop (no result): inside, `br 1` leaves the loop and `br 0` goes round again. */
const BLOCK_LOOP = [0x02, 0x40, 0x03, 0x40];
/** base, i on the stack → base + i·4 (i32.const 2, i32.shl, i32.add): element i of a 4-byte array. */
const INDEX4 = [0x41, 2, 0x74, 0x6a];
/** base, i on the stack → base + i·8: element i of an 8-byte array. */
const INDEX8 = [0x41, 3, 0x74, 0x6a];
/** i32.load, align 4, offset 0. */
const I32_LOAD = [0x28, 2, 0];
const I32 = 0x7f;
const F64 = 0x7c;

/** A SIMD instruction (prefix 0xfd, then its opcode as LEB128). */
const simd = (op: number): number[] => [0xfd, ...leb(op)];
const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const V128_LOAD64_ZERO = 0x5d;
const F64X2_PROMOTE_LOW_F32X4 = 0x5f;
const F64X2_ADD = 0xf0;
const F64X2_SUB = 0xf1;
const V128 = 0x7b;

/**
 * hist8(bins, gh, idx, start, end, hist, p, strideBytes, count), all byte addresses, in a module built for one
 * strideBytes = sb (the argument is not read; HistArena checks it):
 *   for i in [start, end): r = idx[i]; gh2 = [g, h] = gh[2r], gh[2r+1] (f32 → f64, one f64x2);
 *     for q in [0, count): o = hist + q·sb + bins[r·p + q]·16; f64x2[o] += gh2
 * One f64x2 add per cell adds g and h exactly as two f64 adds do (same values, same order: bit-identical sums)
 * with one load and one store instead of two each. Features go four at a time (the feature's histogram is a
 * constant offset k·sb from the group's), then one at a time. Per cell against the scalar kernel with a stride
 * argument (bench/.data/kernab.ts, 200k × 20, same process): 0.76x on rows in order, 0.78x on a scattered 30%.
 * Locals: 9 i, 10 r, 11 b, 12 stop, 13 fo, 14 o (i32); 15 gh2 (v128).
 */
function moduleBytes(shared: boolean, sb: number): Uint8Array {
  // o = fo + bins[b + k]·16; f64x2[o + k·sb] += gh2 (feature k of a group of four: a constant offset)
  const cell = (k: number): number[] => [
    ...get(13),
    ...get(11),
    0x2d,
    0,
    k, // i32.load8_u offset k
    0x41,
    4,
    0x74,
    0x6a,
    0x22,
    14, // local.tee o
    ...get(14),
    ...simd(V128_LOAD),
    4,
    ...leb(k * sb),
    ...get(15),
    ...simd(F64X2_ADD),
    ...simd(V128_STORE),
    4,
    ...leb(k * sb),
  ];
  // fo += k·sb
  const advance = (k: number): number[] => [...get(13), 0x41, ...sleb(k * sb), 0x6a, ...set(13)];
  const body = [
    ...get(3),
    ...set(9),
    ...BLOCK_LOOP,
    ...get(9),
    ...get(4),
    0x4e,
    0x0d,
    1, // i >= end: exit
    ...get(2),
    ...get(9),
    ...INDEX4,
    ...I32_LOAD,
    ...set(10), // r = idx[i]
    ...get(1),
    ...get(10),
    ...INDEX8,
    ...simd(V128_LOAD64_ZERO),
    3,
    0,
    ...simd(F64X2_PROMOTE_LOW_F32X4),
    ...set(15), // gh2
    ...get(0),
    ...get(10),
    ...get(6),
    0x6c,
    0x6a,
    ...set(11), // b = bins + r·p
    ...get(11),
    ...get(8),
    0x6a,
    ...set(12), // stop = b + count
    ...get(5),
    ...set(13),
    // Four features at a time while b + 4 <= stop.
    ...BLOCK_LOOP,
    ...get(11),
    0x41,
    4,
    0x6a,
    ...get(12),
    0x4b,
    0x0d,
    1, // b + 4 > stop: to the rest
    ...cell(0),
    ...cell(1),
    ...cell(2),
    ...cell(3),
    ...advance(4),
    ...get(11),
    0x41,
    4,
    0x6a,
    ...set(11),
    0x0c,
    0,
    0x0b,
    0x0b,
    // The rest one at a time.
    ...BLOCK_LOOP,
    ...get(11),
    ...get(12),
    0x4f,
    0x0d,
    1, // b >= stop: next row
    ...cell(0),
    ...advance(1),
    ...get(11),
    0x41,
    1,
    0x6a,
    ...set(11),
    0x0c,
    0,
    0x0b,
    0x0b,
    ...get(9),
    0x41,
    1,
    0x6a,
    ...set(9),
    0x0c,
    0,
    0x0b,
    0x0b,
    0x0b,
  ];
  const func = [2, 6, I32, 1, V128, ...body];
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
    ...BLOCK_LOOP,
    ...get(6),
    ...get(3),
    0x4e,
    0x0d,
    1,
    ...get(0),
    ...get(6),
    ...INDEX4,
    ...I32_LOAD,
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
    ...INDEX4,
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
    ...INDEX4,
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
    ...BLOCK_LOOP,
    ...get(5),
    ...get(2),
    0x4e,
    0x0d,
    1,
    ...get(3),
    ...get(0),
    ...get(5),
    ...INDEX4,
    ...I32_LOAD,
    ...INDEX8,
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
  // add2 / sub2(dst, src, bytes): f64x2 dst[i] += / -= src[i] over `bytes` (a multiple of 16), element by element
  // as the JS loops do (same sums). Locals: 3 end.
  const pairwise = (op: number): number[] => [
    1,
    1,
    I32,
    ...get(0),
    ...get(2),
    0x6a,
    ...set(3),
    ...BLOCK_LOOP,
    ...get(0),
    ...get(3),
    0x4f,
    0x0d,
    1, // dst >= end: exit
    ...get(0),
    ...get(0),
    ...simd(V128_LOAD),
    4,
    0,
    ...get(1),
    ...simd(V128_LOAD),
    4,
    0,
    ...simd(op),
    ...simd(V128_STORE),
    4,
    0,
    ...get(0),
    0x41,
    16,
    0x6a,
    ...set(0),
    ...get(1),
    0x41,
    16,
    0x6a,
    ...set(1),
    0x0c,
    0,
    0x0b,
    0x0b,
    0x0b,
  ];
  // addLeaves(F, idx, bounds, values, from, to): for leaves j in [from, to), F[idx[i]] += values[j] for positions
  // i in bounds[2j] .. bounds[2j+1] (byte addresses; the f64 add the JS loop does). Locals: 6 i, 7 end, 8 a (i32);
  // 9 v (f64). Param 4 is the leaf counter j.
  const leaves = [
    2,
    3,
    I32,
    1,
    F64,
    ...BLOCK_LOOP,
    ...get(4),
    ...get(5),
    0x4e,
    0x0d,
    1, // j >= to: exit
    ...get(2),
    ...get(4),
    ...INDEX8,
    0x22,
    8, // a = bounds + 8j
    ...I32_LOAD,
    ...set(6), // i = bounds[2j]
    ...get(8),
    0x28,
    2,
    4,
    ...set(7), // end = bounds[2j + 1]
    ...get(3),
    ...get(4),
    ...INDEX8,
    0x2b,
    3,
    0,
    ...set(9), // v = values[j]
    ...BLOCK_LOOP,
    ...get(6),
    ...get(7),
    0x4e,
    0x0d,
    1, // i >= end: next leaf
    ...get(0),
    ...get(1),
    ...get(6),
    ...INDEX4,
    ...I32_LOAD,
    ...INDEX8,
    0x22,
    8, // a = F + 8·idx[i]
    ...get(8),
    0x2b,
    3,
    0,
    ...get(9),
    0xa0,
    0x39,
    3,
    0, // F[idx[i]] += v
    ...get(6),
    0x41,
    1,
    0x6a,
    ...set(6),
    0x0c,
    0,
    0x0b,
    0x0b,
    ...get(4),
    0x41,
    1,
    0x6a,
    ...set(4),
    0x0c,
    0,
    0x0b,
    0x0b,
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
      5,
      0x60,
      9,
      I32,
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
      0x60,
      3,
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
      0,
    ]),
    // The memory import: min 1 page; a shared memory (helper thread) also declares the wasm32 maximum.
    ...section(2, [1, ...name('m'), ...name('mem'), 0x02, ...(shared ? [0x03, 1, ...leb(65_536)] : [0x00, 1])]),
    ...section(3, [6, 0, 1, 2, 3, 3, 4]),
    ...section(7, [
      6,
      ...name('hist8'),
      0x00,
      0,
      ...name('partition'),
      0x00,
      1,
      ...name('sums'),
      0x00,
      2,
      ...name('add2'),
      0x00,
      3,
      ...name('sub2'),
      0x00,
      4,
      ...name('addLeaves'),
      0x00,
      5,
    ]),
    ...section(10, [
      6,
      ...fn(func),
      ...fn(part),
      ...fn(sums),
      ...fn(pairwise(F64X2_ADD)),
      ...fn(pairwise(F64X2_SUB)),
      ...fn(leaves),
    ]),
  ]);
}

/** The few WebAssembly APIs used here (the node tsconfig has no DOM lib, whose types declare them). */
interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const compiled = new Map<string, object | null>();
/** The kernel module for histograms of `sb` bytes per feature, in shared memory or not (compiled once each). */
function kernelModule(shared: boolean, sb: number): object | null {
  const key = `${shared}/${sb}`;
  if (!compiled.has(key)) {
    try {
      compiled.set(key, wasm ? new wasm.Module(moduleBytes(shared, sb)) : null);
    } catch {
      compiled.set(key, null);
    }
  }
  return compiled.get(key) ?? null;
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
    count: number,
  ) => void;
  partition: (idx: number, tmp: number, start: number, end: number, col: number, lut: number) => number;
  sums: (idx: number, start: number, end: number, gh: number, out: number) => void;
  add2: (dst: number, src: number, bytes: number) => void;
  sub2: (dst: number, src: number, bytes: number) => void;
  addLeaves: (F: number, idx: number, bounds: number, values: number, from: number, to: number) => void;
}

/** Keeps the wasm heap small enough to allocate comfortably next to the rest of the fit. */
const MAX_BYTES = 1 << 30;

/**
 * One WebAssembly.Memory holding a fit's row codes, gradients, row indices and a fixed number of histogram slots,
 * exposed as typed-array views (the memory never grows, so the views stay valid). `create` returns null when
 * WebAssembly is unavailable or the data is too large; callers then use plain arrays and the JS loop.
 */
export class HistArena {
  readonly rows8: Uint8Array;
  readonly gh: Float32Array;
  readonly idx: Int32Array;
  /** Column-major local codes (columnCodes) and partition scratch space. */
  readonly cols: Uint8Array;
  readonly tmp: Int32Array;
  private readonly lut: Uint8Array;
  private readonly out: Float64Array;
  private readonly slots: Float64Array[] = [];
  /** The second half's histogram of a pass split in row halves (splitRows), added into the first half's after. */
  private readonly half: Float64Array;
  /** The helper thread sharing histogram passes, when there is one (see HistHelper). */
  private readonly helper: HistHelper | null = null;
  /**
   * With `scores` (create): a fit's raw scores, targets and row weights, one f64 per row, so the helper can
   * compute half of the gradients (see gradients); null otherwise or when they did not fit in MAX_BYTES.
   */
  readonly rowsF64: { scores: Float64Array; target: Float64Array; weights: Float64Array } | null = null;
  /** A tree's leaves for addLeaves: their idx segments (start, end) and values. */
  private readonly bounds: Int32Array;
  private readonly values: Float64Array;

  private constructor(
    private readonly mem: WasmMemory,
    private readonly kernel: Kernels,
    n: number,
    p: number,
    histSize: number,
    nSlots: number,
    helperModule: object | null,
    private readonly sb: number,
    scores: boolean,
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
    this.half = new Float64Array(mem.buffer, take(8 * histSize), histSize);
    this.bounds = new Int32Array(mem.buffer, take(8 * LEAF_CAP), 2 * LEAF_CAP);
    this.values = new Float64Array(mem.buffer, take(8 * LEAF_CAP), LEAF_CAP);
    if (scores) {
      const f64 = (): Float64Array => new Float64Array(mem.buffer, take(8 * n), n);
      this.rowsF64 = { scores: f64(), target: f64(), weights: f64() };
    }
    if (helperModule) this.helper = new HistHelper(helperModule, mem, take(4 * CONTROL_WORDS));
  }

  /**
   * `threads` ≥ 2 puts the arena in shared memory and starts a helper thread that sums the second row half of each
   * large pass (see hist8: the same halves as on one thread, so the sums are bit-identical). Always `close()` an
   * arena made with threads.
   */
  static create(n: number, p: number, histSize: number, nSlots: number, threads = 1, scores = false): HistArena | null {
    const shared = threads > 1 && p > 1 && typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
    // A padded binning's histogram is p features × stride bins × [g, h]: the kernel has its feature stride built in.
    const sb = 16 * Math.max(1, Math.floor(histSize / (2 * p)));
    const mod = kernelModule(shared, sb) ?? (shared ? kernelModule(false, sb) : null);
    const threaded = shared && mod === kernelModule(true, sb);
    const base =
      16 * 14 + 16 * LEAF_CAP + 256 + 2 * n * p + 16 * n + (nSlots + 1) * 8 * histSize + 4 * CONTROL_WORDS + 16;
    // The score arrays only when a helper can use them, and never at the cost of the arena itself.
    // (On one thread too: addLeaves then updates them in wasm.)
    const withScores = scores && base + 24 * n <= MAX_BYTES;
    const bytes = base + (withScores ? 24 * n : 0);
    if (!mod || !wasm || bytes > MAX_BYTES) return null;
    const pages = Math.ceil(bytes / 65_536) + 1;
    const mem = new wasm.Memory(threaded ? { initial: pages, maximum: pages, shared: true } : { initial: pages });
    const inst = new wasm.Instance(mod, { m: { mem } });
    const kernels = inst.exports as unknown as Kernels;
    return new HistArena(mem, kernels, n, p, histSize, nSlots, threaded ? mod : null, sb, withScores);
  }

  /** True when a helper thread is running and ready for work. */
  helperReady(): boolean {
    return this.helper?.ready() ?? false;
  }

  /** Passes whose second half the helper summed so far. */
  get helperPasses(): number {
    return this.helper?.jobs ?? 0;
  }

  /** Stops the helper thread (if any). The arena's arrays stay usable, single-threaded. */
  close(): void {
    this.helper?.close();
  }

  /** A histogram buffer inside the arena, or null when all slots are taken. */
  takeSlot(): Float64Array | null {
    return this.slots.pop() ?? null;
  }

  /** True when the kernel can run on these arrays (all views of this arena's memory). */
  owns(a: ArrayBufferView): boolean {
    return a.buffer === this.mem.buffer;
  }

  /**
   * Adds rows idx[start..end) into hist (stride = bins per feature, a power of two; hist starts cleared). A pass
   * of at least SPLIT_MIN_CELLS cells is summed in two row halves, the second into a scratch histogram added into
   * the first at the end (splitRows): with a helper thread ready, the helper sums the second half meanwhile, unless
   * it has not started on it when this thread is done with the first (a busy machine that has not run the helper):
   * then this thread sums it too and the helper skips that pass. The halves and the histograms they go to are the
   * same whoever sums them, so the sums, and the trees, are bit-identical on one thread and on two.
   */
  hist8(idx: Int32Array, start: number, end: number, hist: Float64Array, p: number, stride: number): void {
    const sb = stride * 16;
    if (sb !== this.sb) throw new Error(`histogram stride ${stride} differs from the arena's (${this.sb / 16})`);
    const mid = splitRows(start, end, p);
    if (mid < 0) {
      this.ownHist8(idx, start, end, hist, p, sb);
      return;
    }
    const half = this.half.subarray(0, p * stride * 2);
    half.fill(0);
    const helper = this.helper;
    if (helper?.ready()) {
      const job = helper.start(HIST_JOB, [
        this.rows8.byteOffset,
        this.gh.byteOffset,
        idx.byteOffset,
        mid,
        end,
        half.byteOffset,
        p,
        sb,
        p,
      ]);
      this.ownHist8(idx, start, mid, hist, p, sb);
      if (!helper.join(job)) {
        if (helper.lost(job)) half.fill(0);
        this.ownHist8(idx, mid, end, half, p, sb);
      }
    } else {
      this.ownHist8(idx, start, mid, hist, p, sb);
      this.ownHist8(idx, mid, end, half, p, sb);
    }
    this.kernel.add2(hist.byteOffset, half.byteOffset, half.byteLength);
  }

  /**
   * dst[i] -= src[i] over src's length (histogram subtraction), both views of this arena, 16-byte aligned and
   * a multiple of 16 bytes long (histogram slots are): the same differences as the JS loop, two at a time.
   */
  subtract(dst: Float64Array, src: Float64Array): void {
    this.kernel.sub2(dst.byteOffset, src.byteOffset, src.byteLength);
  }

  /** All features of rows idx[start..end) added into hist on this thread. */
  private ownHist8(idx: Int32Array, start: number, end: number, hist: Float64Array, p: number, sb: number): void {
    const { rows8, gh } = this;
    this.kernel.hist8(rows8.byteOffset, gh.byteOffset, idx.byteOffset, start, end, hist.byteOffset, p, sb, p);
  }

  /**
   * gh of rows [0, n) from rowsF64 (gradientRows; weighted: times rowsF64.weights), in chunks of GRADIENT_CHUNK rows
   * that this thread and the helper (once it has claimed the job, as for histogram passes) take in turn. Every row's
   * values are the same whichever thread computes them.
   */
  gradients(task: number, weighted: boolean): void {
    const rows = this.rowsF64;
    if (!rows) throw new Error('this arena holds no scores');
    const { scores, target, weights } = rows;
    const w = weighted ? weights : null;
    const n = scores.length;
    const helper = this.helper;
    if (!helper?.ready() || n < GRADIENT_SPLIT_ROWS) {
      gradientRows(task, scores, target, w, this.gh, 0, n);
      return;
    }
    const chunks = Math.ceil(n / GRADIENT_CHUNK);
    const at = [scores.byteOffset, target.byteOffset, w ? w.byteOffset : -1, this.gh.byteOffset];
    const job = helper.start(GRADIENTS_JOB, [task, ...at, GRADIENT_CHUNK, chunks, n]);
    for (let k = helper.next(); k < chunks; k = helper.next())
      gradientRows(task, scores, target, w, this.gh, k * GRADIENT_CHUNK, Math.min(n, (k + 1) * GRADIENT_CHUNK));
    // Every row's gradient depends on that row alone: a job the helper lost is simply done again.
    if (!helper.join(job) && helper.lost(job)) gradientRows(task, scores, target, w, this.gh, 0, n);
  }

  /**
   * Adds each leaf's value to the scores (rowsF64) of its rows, idx[segStart..segEnd) of a tree grown over this
   * arena's idx: the same adds as a JS loop, in wasm, leaf by leaf, this thread and the helper (once it has claimed
   * the job) taking leaves in turn; the leaves' rows are disjoint. False (nothing done) for more than LEAF_CAP leaves.
   */
  addLeaves(tree: BinTree, leafValues: number[]): boolean {
    const F = this.rowsF64?.scores;
    if (!F) throw new Error('this arena holds no scores');
    let leaves = 0;
    let rows = 0;
    for (let node = 0; node < tree.left.length; node++) {
      if (tree.left[node] !== -1) continue;
      if (leaves === LEAF_CAP) return false;
      this.bounds[2 * leaves] = tree.segStart[node];
      this.bounds[2 * leaves + 1] = tree.segEnd[node];
      this.values[leaves++] = leafValues[node];
      rows += tree.segEnd[node] - tree.segStart[node];
    }
    const at = [F.byteOffset, this.idx.byteOffset, this.bounds.byteOffset, this.values.byteOffset];
    const add = (from: number, to: number): void => this.kernel.addLeaves(at[0], at[1], at[2], at[3], from, to);
    const helper = this.helper;
    if (!helper?.ready() || rows < GRADIENT_SPLIT_ROWS || leaves < 2) {
      add(0, leaves);
      return true;
    }
    const job = helper.start(LEAVES_JOB, [...at, leaves]);
    for (let j = helper.next(); j < leaves; j = helper.next()) add(j, j + 1);
    // A lost job may have added some of its leaves already: adding them again would be wrong.
    if (!helper.join(job) && helper.lost(job)) throw new Error('the training helper thread failed');
    return true;
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

/**
 * Histogram passes of at least this many cells (rows × features) are summed in two row halves (on two threads when
 * there is a helper); smaller ones in one pass (waking the helper would cost more than it saves).
 */
const SPLIT_MIN_CELLS = 1 << 16;

/**
 * Where a histogram pass over rows [start, end) of p features splits into two row halves, or -1 for one pass. The
 * rule depends on the pass alone, never on the threads, so a fit's sums are the same on one thread and on two (the
 * JS fallback in hist-tree.ts follows it too).
 */
export function splitRows(start: number, end: number, p: number): number {
  return (end - start) * p >= SPLIT_MIN_CELLS ? start + ((end - start) >> 1) : -1;
}

/** hist[i] += half[i] over half's length. */
export function addInto(hist: Float64Array, half: Float64Array): void {
  for (let i = 0; i < half.length; i++) hist[i] += half[i];
}
/**
 * Control words: [0] job number (-1 = stop), [1] last job the helper did, [2] ready, [3..11] the job's arguments,
 * [12] last job claimed (by the helper or by the fit: whoever claims a job does it), [13] the job's kind, [14] a job
 * the helper failed on (the fit then does it), [15] the next piece of a job taken in pieces.
 */
const CONTROL_WORDS = 16;
/** Job kinds: the second half of a histogram pass (hist8's arguments), or of the gradients (gradientRows'). */
const HIST_JOB = 0;
const GRADIENTS_JOB = 1;
/** Job kind: addLeaves' leaves [from, to) (its arguments). */
const LEAVES_JOB = 2;
/** Leaves of a tree whose score update addLeaves takes; a tree with more is updated by the caller. */
const LEAF_CAP = 4096;
/**
 * Gradients go in chunks of this many rows that both threads take in turn (neither waits for the other's half when
 * the machine is busy); each row's gradient depends on that row alone, so the chunks may go to either.
 */
const GRADIENT_CHUNK = 8192;
/** Gradients of fewer rows are computed on one thread (a few tens of µs). */
const GRADIENT_SPLIT_ROWS = 16_384;
/** How long the fit waits for the helper's half of one pass before calling the thread lost. */
const HELPER_TIMEOUT_MS = 120_000;

/**
 * Loads of a control word before sleeping on it (a few tens of µs): the next pass usually comes within a node's
 * partition and split search, and a spin catches it without the futex wake-up (tens of µs, more on a busy machine).
 */
const SPINS = 20_000;

/**
 * The helper thread: it instantiates the same kernel over the same shared memory, then watches the control words
 * (a short spin, then Atomics.wait) until the job number changes, claims the job (control word 12; the fit claims it
 * instead when it finished its own half first, and then sums the second half itself), runs hist8 once with the
 * arguments found there, and stores the job number back. On a busy machine the fit so never waits for a helper that
 * has not been scheduled: 7 alternating pairs of bench/gbm's fit at load 12 (`bench/.data/gbmthr.ts`, notes
 * bench17/s7-gbm-steal-*.txt): 2-thread wall over 1-thread wall 0.75-1.14 (median 0.93) with the claim, 0.65-1.61
 * (median 0.88) before it; too noisy for more than the narrower worst case. (It used to take any wake-up from Atomics.wait as a new job: a late notify ran the
 * last job again, adding its rows into the scratch histogram a second time while the fit was reading it or summing
 * the next pass into it. That was the rare 2-thread fit whose trees differed from the 1-thread fit's on a busy machine.) The fit spins, then blocks on Atomics.wait, for it (the trainer runs in a worker
 * process, where that is allowed): no message per pass. Plain JS given as source: no build step.
 */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control } = workerData;
const gradientRows = ${gradientRows.toString()};
const kernel = new WebAssembly.Instance(module, { m: { mem: memory } }).exports;
const c = new Int32Array(memory.buffer, control, ${CONTROL_WORDS});
Atomics.store(c, 2, 1);
let seen = 0;
for (;;) {
  let job = Atomics.load(c, 0);
  for (let i = 0; i < ${SPINS} && job === seen; i++) job = Atomics.load(c, 0);
  // Only a new job number is a job. A wake-up is not: the fit stores the number, then notifies, and when it is
  // descheduled between the two this thread can run the job, sleep again and then get that notify.
  while (job === seen) {
    Atomics.wait(c, 0, seen);
    job = Atomics.load(c, 0);
  }
  if (job < 0) break;
  seen = job;
  // The fit claims the job itself when it is done with its own half first: then there is nothing to do here.
  if (Atomics.compareExchange(c, 12, job - 1, job) !== job - 1) continue;
  try {
    if (c[13] === ${HIST_JOB}) kernel.hist8(c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11]);
    // The other kinds come in pieces that both threads take in turn (control word 15), until none is left.
    else if (c[13] === ${LEAVES_JOB})
      for (let j; (j = Atomics.add(c, 15, 1)) < c[7]; ) kernel.addLeaves(c[3], c[4], c[5], c[6], j, j + 1);
    else {
      // [task, F, y, w, gh, rows per chunk, chunks, n]: the arrays are views of the shared memory.
      const n = c[10];
      const f64 = (at) => new Float64Array(memory.buffer, at, n);
      const F = f64(c[4]), y = f64(c[5]), w = c[6] < 0 ? null : f64(c[6]), gh = new Float32Array(memory.buffer, c[7], 2 * n);
      for (let k; (k = Atomics.add(c, 15, 1)) < c[9]; ) gradientRows(c[3], F, y, w, gh, k * c[8], Math.min(n, (k + 1) * c[8]));
    }
  } catch {
    // Never expected; but then the fit does this job itself (control word 14) and no further one comes here.
    Atomics.store(c, 2, 0);
    Atomics.store(c, 14, job);
  }
  Atomics.store(c, 1, seen);
  Atomics.notify(c, 1);
  if (Atomics.load(c, 2) === 0) break;
}
`;

class HistHelper {
  private readonly c: Int32Array;
  private readonly worker: Worker;
  private job = 0;
  private helped = 0;
  private failed = false;
  private closed = false;

  /** Jobs the helper did (it claimed them before the fit). */
  get jobs(): number {
    return this.helped;
  }

  constructor(module: object, mem: WasmMemory, control: number) {
    this.c = new Int32Array(mem.buffer, control, CONTROL_WORDS);
    this.worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { module, memory: mem, control } });
    // A helper that fails to start (or dies) is simply not used: ready() stays false.
    this.worker.on('error', () => (this.failed = true));
    this.worker.unref();
  }

  ready(): boolean {
    return !this.failed && !this.closed && Atomics.load(this.c, 2) === 1;
  }

  start(kind: number, args: number[]): number {
    this.c.set(args, 3);
    this.c[15] = 0;
    this.c[13] = kind;
    this.job++;
    Atomics.store(this.c, 0, this.job);
    Atomics.notify(this.c, 0);
    return this.job;
  }

  /**
   * After the fit's own half: true once the helper has done the job's second half; false when the helper had not
   * claimed it yet, and the fit has claimed it (the fit does it; the helper will skip it), or when the helper failed
   * on it (lost).
   */
  join(job: number): boolean {
    if (Atomics.compareExchange(this.c, 12, job - 1, job) === job - 1) return false;
    for (let i = 0; i < SPINS && Atomics.load(this.c, 1) !== job; i++);
    const until = Date.now() + HELPER_TIMEOUT_MS;
    for (let done = Atomics.load(this.c, 1); done !== job; done = Atomics.load(this.c, 1)) {
      if (Date.now() > until) throw new Error('the histogram helper thread stopped answering');
      Atomics.wait(this.c, 1, done, 1000);
    }
    if (this.lost(job)) return false;
    this.helped++;
    return true;
  }

  /** The next piece of a job that both threads take in turn (gradients' chunks, addLeaves' leaves). */
  next(): number {
    return Atomics.add(this.c, 15, 1);
  }

  /** True when the helper failed on this job (it may have written part of it); it then takes no further job. */
  lost(job: number): boolean {
    return Atomics.load(this.c, 14) === job;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.c, 0, -1);
    Atomics.notify(this.c, 0);
    void this.worker.terminate();
  }
}
