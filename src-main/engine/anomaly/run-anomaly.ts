import { CodedError } from '@shared/errors';
import type { LeaderboardRow } from '@shared/project';
import { writeCsv } from '../analytics/csv-out';
import { ProgressReporter, publishRow } from '../analytics/progress';
import { loadTable } from '../analytics/read-table';
import { checkAborted, type TaskContext, type TaskResult } from '../analytics/task-result';
import { encode, featureNamesOf, fitEncoders, type ColumnEncoder } from '../cluster/encode';
import type { LoadedTable } from '../analytics/read-table';
import { anomalyCharts, scoreHistogram } from './anomaly-charts';
import { numericStats, quantile, univariateScores, type NumericStats } from './column-stats';
import { explainRow, type RowReason } from './explain-row';
import { fitIsolationForest, isolationScores } from './isolation-forest';
import { ARTIFACT_FILES } from '../artifacts/files';
import { artifactPath } from '../artifacts/store';

export interface AnomalyInput {
  dataPath: string;
  /** Columns to check; absent = every usable column. */
  columns?: string[];
  artifactDir: string;
}

export interface AnomalyDetails {
  rows: number;
  columns: string[];
  /** The columns read as numbers (the others are categories). */
  numericColumns: string[];
  dropped: Array<{ column: string; reason: string }>;
  /** Isolation-forest score at and above which a row is flagged (rows with a value > 3 IQR beyond a quartile are flagged too). */
  threshold: number;
  /** Rows flagged in all (`is_anomaly` = 1 in scores.csv; the anomaly_rate of the forest row is flagged / rows). */
  flagged: number;
  /** Rows whose forest score is at or above `threshold`. */
  forestFlagged: number;
  /** Rows flagged only for a value more than 3 IQR beyond a quartile (forest score below `threshold`). */
  farOutOnly: number;
  /** Rows flagged by each method, and how many of the forest's flags the simple rules also catch. */
  methods: Array<{
    method: 'isolation_forest' | 'zscore' | 'iqr';
    rule: string;
    flagged: number;
    overlapWithForest: number;
  }>;
  /** Flagged rows first, then by forest score (at most 50); every row has at least one reason. */
  top: Array<{
    row: number;
    score: number;
    zscore: number;
    iqrScore: number;
    flagged: boolean;
    reasons: string[];
    columns: string[];
  }>;
  /** Forest scores; the cutoff is a bin edge, so the bins from it on hold exactly `forestFlagged` rows. */
  histogram: { edges: number[]; counts: number[] };
}

/** A z-score above 3, or more than 2.2 IQRs beyond a quartile (Hoaglin & Iglewicz 1987), flags a row in the simple rules. */
const Z_RULE = 3;
const IQR_RULE = 2.2;
const FAR_OUT = 3;

/**
 * Flag threshold for forest scores: far above the bulk of scores (Q3 + 3 IQR of the scores) and never
 * below 0.6, where a point is isolated clearly faster than an average one.
 */
export function scoreThreshold(scores: Float64Array): number {
  const s = Float64Array.from(scores).sort();
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  return Math.max(0.6, q3 + 3 * (q3 - q1));
}

/**
 * Forest input: standardised numeric columns plus one column per categorical holding the share of rows
 * with the same value. One-hot columns would dilute the random feature choice (a 10-category column
 * would get 10 of every 11 splits) and a rare category should isolate quickly: a small share does that.
 */
function forestMatrix(table: LoadedTable, encoders: ColumnEncoder[]): { x: Float64Array; d: number } {
  const numeric = encoders.filter((e) => e.kind === 'numeric');
  const cats = encoders.filter((e) => e.kind === 'onehot');
  const dn = featureNamesOf(numeric).length;
  const xn = encode(table, numeric);
  const d = dn + cats.length;
  const n = table.rows;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < dn; j++) x[i * d + j] = xn[i * dn + j];
  cats.forEach((e, c) => {
    const values = table.columns.find((col) => col.name === e.column)!.values as Array<string | null>;
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (let i = 0; i < n; i++) x[i * d + dn + c] = values[i] === null ? 0 : counts.get(values[i]!)! / n;
  });
  return { x, d };
}

/** Scores every row with an isolation forest, z-scores and IQR fences, flags anomalies and says why. */
export async function runAnomaly(input: AnomalyInput, ctx: TaskContext): Promise<TaskResult<AnomalyDetails>> {
  const { signal, emit } = ctx;
  const progress = new ProgressReporter(emit);
  progress.report(0, 'Reading data');
  const table = await loadTable(input.dataPath, input.columns?.length ? input.columns : undefined);
  const n = table.rows;
  if (n < 10) throw new CodedError('dataset-empty', `Only ${n} rows: anomaly detection needs at least 10.`);
  const { encoders, dropped } = fitEncoders(table);
  if (encoders.length === 0) {
    throw new CodedError(
      'dataset-invalid',
      `No column can be checked for anomalies (${dropped.map((x) => `${x.column}: ${x.reason}`).join('; ')}). Choose numeric or low-cardinality columns.`,
    );
  }
  const { x, d } = forestMatrix(table, encoders);
  const stats = encoders
    .flatMap((e) =>
      e.kind === 'numeric'
        ? [numericStats(e.column, table.columns.find((c) => c.name === e.column)!.values as Float64Array)]
        : [],
    )
    .filter((s): s is NumericStats => s !== null);
  const categoryShare = new Map<string, Map<string, number>>();
  for (const e of encoders) {
    if (e.kind !== 'onehot') continue;
    const counts = new Map<string, number>();
    for (const v of table.columns.find((c) => c.name === e.column)!.values as Array<string | null>)
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    categoryShare.set(e.column, new Map([...counts].map(([k, c]) => [k, c / n])));
  }

  const rows: LeaderboardRow[] = [];
  const finish = (row: LeaderboardRow, fraction: number): void => {
    rows.push(row);
    publishRow(emit, rows, row, 'anomaly_rate');
    progress.report(fraction, `${row.label}: ${(100 * (row.metrics.anomaly_rate ?? 0)).toFixed(2)}% flagged`, {
      modelId: row.modelId,
      family: row.family,
    });
  };
  let t0 = Date.now();
  const uni = univariateScores(table, stats);
  const zFlag = uni.z.filter((v) => v > Z_RULE).length;
  finish(
    {
      modelId: 'zscore',
      family: 'zscore',
      label: 'Z-score',
      params: { rule: `|z| > ${Z_RULE}` },
      metrics: { anomaly_rate: zFlag / n },
      fitSeconds: (Date.now() - t0) / 1000,
      status: 'done',
    },
    0.1,
  );
  const iqrFlag = uni.iqr.filter((v) => v > IQR_RULE).length;
  finish(
    {
      modelId: 'iqr',
      family: 'iqr',
      label: 'IQR fences',
      params: { rule: `${IQR_RULE} IQR beyond a quartile` },
      metrics: { anomaly_rate: iqrFlag / n },
      fitSeconds: 0,
      status: 'done',
    },
    0.15,
  );
  checkAborted(signal);
  t0 = Date.now();
  progress.report(0.2, 'Growing the isolation forest');
  const forest = fitIsolationForest(x, n, d, { trees: 100, sampleSize: 256, seed: 17, signal });
  const score = isolationScores(forest, x, n, d);
  const threshold = scoreThreshold(score);
  // A value far out in one column (Tukey's "far out": 3 IQR beyond a quartile) is flagged even when the
  // forest scores it modestly: a forest isolates a single-column outlier that missed its sample no faster
  // than the tail of ordinary rows.
  const byForest = Array.from(score, (s) => s >= threshold);
  const isAnomaly = byForest.map((f, i) => f || uni.iqr[i] > FAR_OUT);
  const flagged = isAnomaly.filter(Boolean).length;
  const forestFlagged = byForest.filter(Boolean).length;
  finish(
    {
      modelId: 'isolation_forest',
      family: 'isolation_forest',
      label: 'Forest + far-out rule',
      params: { trees: 100, sample: forest.sampleSize, threshold: Number(threshold.toFixed(4)), farOutIqr: FAR_OUT },
      metrics: { anomaly_rate: flagged / n },
      fitSeconds: (Date.now() - t0) / 1000,
      status: 'done',
    },
    0.8,
  );

  // Flagged rows first, each group by forest score.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => Number(isAnomaly[b]) - Number(isAnomaly[a]) || score[b] - score[a],
  );
  const reasons = new Map<number, RowReason[]>();
  for (const i of order) {
    if (!isAnomaly[i] && reasons.size >= 50) break;
    reasons.set(i, explainRow(table, stats, categoryShare, i));
  }
  const texts = (i: number): string[] => reasons.get(i)!.map((r) => r.text);
  const overlap = (flags: (i: number) => boolean): number =>
    isAnomaly.reduce((a, f, i) => a + (f && flags(i) ? 1 : 0), 0);
  const details: AnomalyDetails = {
    rows: n,
    columns: encoders.map((e) => e.column),
    numericColumns: encoders.filter((e) => e.kind === 'numeric').map((e) => e.column),
    dropped,
    threshold,
    flagged,
    forestFlagged,
    farOutOnly: flagged - forestFlagged,
    methods: [
      {
        method: 'isolation_forest',
        rule: `score >= ${threshold.toFixed(3)} or a value more than ${FAR_OUT} IQR beyond a quartile`,
        flagged,
        overlapWithForest: flagged,
      },
      {
        method: 'zscore',
        rule: `|z| > ${Z_RULE} in any column`,
        flagged: zFlag,
        overlapWithForest: overlap((i) => uni.z[i] > Z_RULE),
      },
      {
        method: 'iqr',
        rule: `more than ${IQR_RULE} IQR beyond a quartile in any column`,
        flagged: iqrFlag,
        overlapWithForest: overlap((i) => uni.iqr[i] > IQR_RULE),
      },
    ],
    top: order.slice(0, 50).map((i) => ({
      row: i,
      score: score[i],
      zscore: uni.z[i],
      iqrScore: uni.iqr[i],
      flagged: isAnomaly[i],
      reasons: texts(i),
      columns: reasons.get(i)!.flatMap((r) => (r.column === null ? [] : [r.column])),
    })),
    histogram: scoreHistogram(score, threshold),
  };
  const path = await writeCsv(
    artifactPath(input.artifactDir, 'anomalyScores'),
    ['row', 'score', 'is_anomaly', 'reasons', 'zscore', 'iqr_score'],
    Array.from(score, (s, i) => [
      i,
      s,
      isAnomaly[i] ? 1 : 0,
      isAnomaly[i] ? texts(i).join('; ') : '',
      uni.z[i],
      uni.iqr[i],
    ]),
  );
  emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'predictions', path } });
  progress.report(1, `${flagged} of ${n} rows flagged`);
  return {
    summary: {
      task: 'anomaly',
      metric: 'anomaly_rate',
      leaderboard: rows,
      bestModelId: 'isolation_forest',
      elapsedSeconds: progress.elapsedSeconds(),
      cancelled: false,
      artifactDir: input.artifactDir,
      diagnostics: { threshold, histogram: details.histogram },
    },
    details,
    artifacts: [{ name: ARTIFACT_FILES.anomalyScores, path }],
    charts: anomalyCharts({ ...details, farOutIqr: FAR_OUT }, details.top),
  };
}
