/**
 * Scoring on several cores: one onnxruntime session per worker thread, each single-threaded, fed whole
 * batches in turn. onnxruntime-node runs a session on the thread that calls it, and its own intra-op threads
 * spin and wait on each other (on 2 busy cores they halved the rows per CPU-second), so sessions side by side
 * scale better. The worker is a few lines of plain JS given to the Worker as source: it needs no build step
 * and loads onnxruntime-node from the path this module resolved. Inputs cross by transfer (no copy).
 */
import { Worker } from 'node:worker_threads';
import type { Predictions } from '../pipeline/types';
import { readPredictions, type FeedData, type OutputData } from './ort-session';
import type { PredictionLabels } from './scoring-labels';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
let session;
parentPort.on('message', async (m) => {
  try {
    if (m.release) {
      if (session) await session.release();
      session = undefined;
      parentPort.postMessage({ id: m.id });
      return;
    }
    if (m.open) {
      session = await ort.InferenceSession.create(m.open, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
      parentPort.postMessage({ id: m.id });
      return;
    }
    const feeds = {};
    for (const f of m.feeds) feeds[f.name] = new ort.Tensor(f.type, f.data, f.dims);
    const out = await session.run(feeds);
    const result = {};
    for (const k of Object.keys(out)) result[k] = { type: out[k].type, data: out[k].data };
    parentPort.postMessage({ id: m.id, out: result });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
});
`;

interface Reply {
  id: number;
  out?: Record<string, OutputData>;
  error?: string;
}

/** A model loaded in `size` worker threads; `run` sends a batch to the next one in turn. Always `close()` it. */
export class OrtPool {
  private next = 0;
  private ids = 0;
  /** Calls awaiting a reply, by id, with the worker they went to. */
  private readonly pending = new Map<
    number,
    { worker: Worker; resolve: (r: Reply) => void; reject: (e: Error) => void }
  >();
  /** Replies not yet arrived (settled or not), so close() can wait for them. */
  private readonly inflight = new Set<Promise<Reply>>();
  private readonly stopped = new Set<Worker>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly workers: Worker[],
    private readonly labels: PredictionLabels | undefined,
  ) {
    for (const w of workers) {
      w.on('message', (r: Reply) => {
        const p = this.pending.get(r.id);
        this.pending.delete(r.id);
        p?.resolve(r);
      });
      w.on('error', (err) => this.stop(w, err));
      w.on('exit', (code) => this.stop(w, new Error(`a scoring thread stopped (exit code ${code})`)));
    }
  }

  /**
   * `model`: a path to model.onnx, or the model's bytes (each thread gets a copy); `labels` when its `prediction` is
   * a class index (scoring-labels.ts).
   */
  static async open(model: string | Uint8Array, size: number, labels?: PredictionLabels): Promise<OrtPool> {
    const ortPath = require.resolve('onnxruntime-node');
    const workers = Array.from(
      { length: size },
      () => new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath } }),
    );
    const pool = new OrtPool(workers, labels);
    try {
      await Promise.all(workers.map((w) => pool.call(w, { open: model })));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** Scores one batch (its buffers are transferred to the worker: do not use them afterwards). */
  async run(feeds: FeedData[]): Promise<Predictions> {
    const w = this.workers[this.next];
    this.next = (this.next + 1) % this.workers.length;
    // A view over part of a larger buffer would be cloned whole: send a compact copy of it instead.
    const sent = feeds.map((f) =>
      Array.isArray(f.data) || (f.data.byteOffset === 0 && f.data.byteLength === f.data.buffer.byteLength)
        ? f
        : { ...f, data: f.data.slice() },
    );
    const transfer = sent.flatMap((f) =>
      Array.isArray(f.data) || !(f.data.buffer instanceof ArrayBuffer) ? [] : [f.data.buffer],
    );
    const reply = await this.call(w, { feeds: sent }, transfer);
    return readPredictions(reply.out ?? {}, this.labels);
  }

  /**
   * Waits for the batches in flight, releases the sessions, then stops the threads. A thread stopped while its
   * session runs aborts the whole process (onnxruntime-node throws from native code during teardown), so a
   * cancelled or failed scoring still lets the batches it sent finish (each takes milliseconds).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inflight]);
      await Promise.allSettled(this.workers.map((w) => this.call(w, { release: true })));
      await Promise.all(this.workers.map((w) => w.terminate()));
    })();
    return this.closing;
  }

  private async call(w: Worker, message: object, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.stopped.has(w)) throw new Error('a scoring thread has stopped');
    const id = ++this.ids;
    const reply = new Promise<Reply>((resolve, reject) => this.pending.set(id, { worker: w, resolve, reject }));
    this.inflight.add(reply);
    w.postMessage({ id, ...message }, transfer);
    try {
      const r = await reply;
      if (r.error !== undefined) throw new Error(r.error);
      return r;
    } finally {
      this.inflight.delete(reply);
    }
  }

  /** A thread that failed or exited: its calls get the error, later calls to it fail at once. */
  private stop(w: Worker, err: Error): void {
    this.stopped.add(w);
    for (const [id, p] of this.pending) {
      if (p.worker !== w) continue;
      this.pending.delete(id);
      p.reject(err);
    }
  }
}
