/**
 * Live quality of each model version from the outcomes that came back: metrics per batch and per week (UTC,
 * weeks start on Monday), where the model errs most (ranges of numeric inputs, categories), and calibration of
 * the probabilities. Metrics are the engine's own (engine/metrics), so they read like the training report's.
 */
import type { Calibration, ErrorSegment, Evaluation, MetricPoint } from '@shared/monitor';
import { computeMetrics } from '../metrics';
import { rowsOf, type LogConnection } from './log-db';
import { loggedRowsSql } from './row-files';

/** One logged prediction whose true outcome is known. */
export interface MatchedRow {
  batchId: string;
  version: number;
  at: number;
  prediction: string;
  proba: number[] | null;
  outcome: string;
  inputs: Array<string | null> | null;
  features: string[];
  classes: string[];
}

export async function matchedRows(conn: LogConnection, dataDir: string, modelId: string): Promise<MatchedRow[]> {
  const rows = await rowsOf(
    conn,
    `SELECT r.batch_id, b.version, CAST(b.at_ms AS DOUBLE) AS at, r.prediction, r.proba, o.outcome, r.inputs, b.features, b.classes
     FROM ${await loggedRowsSql(conn, dataDir, modelId)} r
     JOIN outcomes o ON o.key = r.key
     JOIN batches b ON b.batch_id = r.batch_id
     WHERE b.role = 'champion'
     ORDER BY b.at_ms, r.row_no`,
  );
  return rows.map((r) => ({
    batchId: String(r.batch_id),
    version: Number(r.version),
    at: Number(r.at),
    prediction: String(r.prediction ?? ''),
    proba: Array.isArray(r.proba) ? r.proba.map(Number) : null,
    outcome: String(r.outcome),
    inputs: Array.isArray(r.inputs) ? r.inputs.map((v) => (v === null ? null : String(v))) : null,
    features: Array.isArray(r.features) ? r.features.map(String) : [],
    classes: Array.isArray(r.classes) ? r.classes.map(String) : [],
  }));
}

/** Monday 00:00 UTC of the week holding `at`. */
export function weekStart(at: number): number {
  const d = new Date(at);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

type Task = 'classification' | 'regression';

/** Metrics of a group of matched rows (rows whose outcome cannot be scored are left out and counted). */
export function metricsOf(
  task: Task,
  rows: MatchedRow[],
): { n: number; metrics: MetricPoint['metrics']; skipped: number } {
  if (task === 'regression') {
    const yt: number[] = [];
    const yp: number[] = [];
    for (const r of rows) {
      const y = Number(r.outcome);
      const p = Number(r.prediction);
      if (r.outcome.trim() === '' || !Number.isFinite(y) || !Number.isFinite(p)) continue;
      yt.push(y);
      yp.push(p);
    }
    const n = yt.length;
    return {
      n,
      metrics: n ? computeMetrics('regression', yt, Float64Array.from(yp), 0) : {},
      skipped: rows.length - n,
    };
  }
  const classes = rows[0]?.classes ?? [];
  const C = classes.length;
  const yt: number[] = [];
  const P: number[] = [];
  for (const r of rows) {
    const y = r.classes.indexOf(r.outcome);
    if (y < 0 || !r.proba || r.proba.length !== C || r.classes.join('\u0000') !== classes.join('\u0000')) continue;
    yt.push(y);
    P.push(...r.proba);
  }
  const n = yt.length;
  return {
    n,
    metrics: n ? computeMetrics('classification', yt, Float64Array.from(P), C) : {},
    skipped: rows.length - n,
  };
}

function points(task: Task, rows: MatchedRow[], keyOf: (r: MatchedRow) => { key: string; at: number }): MetricPoint[] {
  const groups = new Map<string, { at: number; version: number; rows: MatchedRow[] }>();
  for (const r of rows) {
    const k = keyOf(r);
    const g = groups.get(k.key) ?? { at: k.at, version: r.version, rows: [] };
    g.rows.push(r);
    groups.set(k.key, g);
  }
  return [...groups.entries()]
    .map(([key, g]) => {
      const m = metricsOf(task, g.rows);
      return { key, at: g.at, version: g.version, n: m.n, metrics: m.metrics };
    })
    .filter((p) => p.n > 0)
    .sort((a, b) => a.at - b.at);
}

const isWrong = (task: Task, r: MatchedRow): number =>
  task === 'regression' ? (Number(r.prediction) - Number(r.outcome)) ** 2 : r.prediction === r.outcome ? 0 : 1;

/** The error over a group: error rate, or RMSE. */
function errorOf(task: Task, rows: MatchedRow[]): number {
  const s = rows.reduce((acc, r) => acc + isWrong(task, r), 0) / Math.max(1, rows.length);
  return task === 'regression' ? Math.sqrt(s) : s;
}

/** Where the model errs most: quartile ranges of numeric inputs and categories, worse than overall, worst first. */
export function errorSegments(task: Task, rows: MatchedRow[], minRows = 20): ErrorSegment[] {
  const usable = rows.filter(
    (r) => r.inputs && (task === 'classification' || (Number.isFinite(Number(r.outcome)) && r.outcome.trim() !== '')),
  );
  if (!usable.length) return [];
  const overall = errorOf(task, usable);
  const features = usable[0].features;
  const out: ErrorSegment[] = [];
  features.forEach((feature, fi) => {
    const values = usable.map((r) => r.inputs![fi]);
    const nums = values.map((v) => (v === null || v.trim() === '' ? NaN : Number(v)));
    const numeric = nums.filter((x) => !Number.isNaN(x)).length >= 0.9 * values.filter((v) => v !== null).length;
    const groups = new Map<string, MatchedRow[]>();
    if (numeric) {
      const sorted = nums.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
      if (sorted.length < 4) return;
      const q = [0.25, 0.5, 0.75].map((p) => sorted[Math.floor(p * (sorted.length - 1))]);
      const label = (x: number): string =>
        Number.isNaN(x)
          ? 'missing'
          : x <= q[0]
            ? `≤ ${q[0]}`
            : x <= q[1]
              ? `${q[0]} – ${q[1]}`
              : x <= q[2]
                ? `${q[1]} – ${q[2]}`
                : `> ${q[2]}`;
      // A push per row: copying the group for each row was quadratic (minutes on 100k+ outcomes).
      usable.forEach((r, i) => {
        const k = label(nums[i]);
        const g = groups.get(k);
        if (g) g.push(r);
        else groups.set(k, [r]);
      });
    } else {
      usable.forEach((r, i) => {
        const k = values[i] ?? 'missing';
        const g = groups.get(k);
        if (g) g.push(r);
        else if (groups.size < 50) groups.set(k, [r]);
      });
    }
    for (const [segment, g] of groups) {
      if (g.length < minRows) continue;
      const error = errorOf(task, g);
      if (error > overall) out.push({ feature, segment, n: g.length, error, overall });
    }
  });
  return out.sort((a, b) => b.error / Math.max(b.overall, 1e-12) - a.error / Math.max(a.overall, 1e-12)).slice(0, 8);
}

/** Calibration in 10 equal bins: the positive class for two classes, else the predicted class's confidence. */
export function calibration(rows: MatchedRow[]): Calibration | null {
  const usable = rows.filter((r) => r.proba && r.classes.includes(r.outcome) && r.proba.length === r.classes.length);
  if (!usable.length) return null;
  const classes = usable[0].classes;
  const binary = classes.length === 2;
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, n: 0, p: 0, o: 0 }));
  let brier = 0;
  for (const r of usable) {
    const y = r.classes.indexOf(r.outcome);
    const top = r.proba!.indexOf(Math.max(...r.proba!));
    const p = binary ? r.proba![1] : r.proba![top];
    const hit = binary ? (y === 1 ? 1 : 0) : y === top ? 1 : 0;
    const b = bins[Math.min(9, Math.floor(p * 10))];
    b.n++;
    b.p += p;
    b.o += hit;
    brier += r.proba!.reduce((s, q, c) => s + (q - (c === y ? 1 : 0)) ** 2, 0);
  }
  const n = usable.length;
  const shown = bins
    .filter((b) => b.n > 0)
    .map((b) => ({ from: b.from, to: b.to, n: b.n, predicted: b.p / b.n, observed: b.o / b.n }));
  const ece = shown.reduce((s, b) => s + (b.n / n) * Math.abs(b.predicted - b.observed), 0);
  return { of: binary ? classes[1] : 'predicted class', bins: shown, ece, brier: brier / n };
}

/** One Evaluation per version with matched rows, newest version first. */
export function evaluations(task: Task, rows: MatchedRow[]): Evaluation[] {
  const versions = [...new Set(rows.map((r) => r.version))].sort((a, b) => b - a);
  return versions.map((version) => {
    const mine = rows.filter((r) => r.version === version);
    const withInputs = mine.some((r) => r.inputs);
    return {
      version,
      matched: mine.length,
      perBatch: points(task, mine, (r) => ({ key: r.batchId, at: r.at })),
      perWeek: points(task, mine, (r) => {
        const w = weekStart(r.at);
        return { key: new Date(w).toISOString().slice(0, 10), at: w };
      }),
      errors: withInputs ? errorSegments(task, mine) : [],
      calibration: task === 'classification' ? calibration(mine) : null,
      ...(withInputs
        ? {}
        : {
            errorsNote:
              'The input rows of these predictions are not kept (log setting), so errors cannot be split by input.',
          }),
    };
  });
}
