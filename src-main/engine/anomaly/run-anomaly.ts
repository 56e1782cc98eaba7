import { CodedError } from '@shared/errors';
import type { AnomalyTopRow } from '@shared/anomaly';
import type { LeaderboardRow } from '@shared/project';
import { writeCsv } from '../analytics/csv-out';
import { publishRow } from '../analytics/progress';
import { ProgressReporter } from '../util/progress';
import { loadTable } from '../analytics/read-table';
import { checkAborted, type TaskContext, type TaskResult } from '../analytics/task-result';
import { fitEncoders } from '../cluster/encode';
import { anomalyCharts, scoreHistogram } from './anomaly-charts';
import { forestMatrix, forestToJson, methodFlags, type AnomalyModelJson, type AnomalyRules } from './anomaly-model';
import { chooseMethod, type AnomalyMethod, type MethodChoice } from './choose-method';
import { numericStats, quantile, univariateScores, type NumericStats } from './column-stats';
import { explainRow, type RowReason } from './explain-row';
import { fitIsolationForest, isolationScores } from './isolation-forest';
import { ARTIFACT_FILES } from '../artifacts/files';
import { artifactPath, writeArtifact } from '../artifacts/store';

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
  /** Isolation-forest score at and above which the forest method flags a row (it also flags a value > 3 IQR beyond a quartile). */
  threshold: number;
  /** Rows flagged by the chosen method (`is_anomaly` = 1 in scores.csv; its row's anomaly_rate is flagged / rows). */
  flagged: number;
  /** Rows whose forest score is at or above `threshold`. */
  forestFlagged: number;
  /** Rows flagged only for a value more than 3 IQR beyond a quartile (forest score below `threshold`). */
  farOutOnly: number;
  /** Rows flagged by each method, and how many of the reported flags each method also makes. */
  methods: Array<{
    method: AnomalyMethod;
    rule: string;
    flagged: number;
    overlapWithForest: number;
    /** Jaccard overlap of its flags with the rows at least two methods flag (the choice criterion). */
    agreement: number;
  }>;
  /** The method whose flags are reported (`flagged`, `is_anomaly`) and why it was chosen. */
  choice: MethodChoice;
  /** Flagged rows first, then by forest score (at most 50); every row has at least one reason. */
  top: AnomalyTopRow[];
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
  const { x, d } = forestMatrix(table, encoders, categoryShare);

  const rows: LeaderboardRow[] = [];
  const finish = (row: LeaderboardRow, fraction: number): void => {
    rows.push(row);
    publishRow(emit, rows, row, 'anomaly_rate');
    progress.report(fraction, `${row.label}: ${(100 * (row.metrics.anomaly_rate ?? 0)).toFixed(2)}% flagged`, {
      modelId: row.modelId,
      family: row.family,
    });
  };
  const uni = univariateScores(table, stats);
  const rules: AnomalyRules = { threshold: 0, farOutIqr: FAR_OUT, zRule: Z_RULE, iqrRule: IQR_RULE };
  const zFlags = Array.from(uni.z, (v) => v > Z_RULE);
  const iqrFlags = Array.from(uni.iqr, (v) => v > IQR_RULE);
  const count = (f: boolean[]) => f.filter(Boolean).length;
  const method = (modelId: AnomalyMethod, label: string, rule: string, flags: boolean[], seconds: number) => ({
    modelId,
    family: modelId,
    label,
    params: { rule } as LeaderboardRow['params'],
    metrics: { anomaly_rate: count(flags) / n } as LeaderboardRow['metrics'],
    fitSeconds: seconds,
    status: 'done' as const,
  });
  finish(method('zscore', 'Z-score', `|z| > ${Z_RULE}`, zFlags, 0), 0.1);
  finish(method('iqr', 'IQR fences', `${IQR_RULE} IQR beyond a quartile`, iqrFlags, 0), 0.15);
  checkAborted(signal);
  const t0 = Date.now();
  progress.report(0.2, 'Growing the isolation forest');
  const forest = fitIsolationForest(x, n, d, { trees: 100, sampleSize: 256, seed: 17, signal });
  const score = isolationScores(forest, x, n, d);
  rules.threshold = scoreThreshold(score);
  // A value far out in one column (Tukey's "far out": 3 IQR beyond a quartile) is flagged even when the
  // forest scores it modestly: a forest isolates a single-column outlier that missed its sample no faster
  // than the tail of ordinary rows.
  const all = { forest: score, z: uni.z, iqr: uni.iqr };
  const forestFlags = methodFlags('isolation_forest', rules, all);
  const byForest = Array.from(score, (s) => s >= rules.threshold);
  const forestRow = method('isolation_forest', 'Forest + far-out rule', '', forestFlags, (Date.now() - t0) / 1000);
  forestRow.params = {
    trees: 100,
    sample: forest.sampleSize,
    threshold: Number(rules.threshold.toFixed(4)),
    farOutIqr: FAR_OUT,
  };
  finish(forestRow, 0.8);

  const choice = chooseMethod(
    [
      { method: 'isolation_forest', label: 'Forest + far-out rule', flags: forestFlags },
      { method: 'zscore', label: 'Z-score', flags: zFlags },
      { method: 'iqr', label: 'IQR fences', flags: iqrFlags },
    ],
    score,
  );
  for (const r of rows) r.metrics = { ...r.metrics, agreement: choice.agreement[r.modelId as AnomalyMethod] };
  emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: [...rows], metric: 'anomaly_rate' } });
  const isAnomaly = { isolation_forest: forestFlags, zscore: zFlags, iqr: iqrFlags }[choice.method];
  const flagged = count(isAnomaly);
  const forestFlagged = count(byForest);

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
  const overlap = (flags: boolean[]): number => isAnomaly.reduce((a, f, i) => a + (f && flags[i] ? 1 : 0), 0);
  const shown = encoders.slice(0, 12).map((e) => table.columns.find((c) => c.name === e.column)!);
  const details: AnomalyDetails = {
    rows: n,
    columns: encoders.map((e) => e.column),
    numericColumns: encoders.filter((e) => e.kind === 'numeric').map((e) => e.column),
    dropped,
    threshold: rules.threshold,
    flagged,
    forestFlagged,
    farOutOnly: count(forestFlags) - forestFlagged,
    methods: [
      {
        method: 'isolation_forest',
        rule: `score >= ${rules.threshold.toFixed(3)} or a value more than ${FAR_OUT} IQR beyond a quartile`,
        flagged: count(forestFlags),
        overlapWithForest: overlap(forestFlags),
        agreement: choice.agreement.isolation_forest,
      },
      {
        method: 'zscore',
        rule: `|z| > ${Z_RULE} in any column`,
        flagged: count(zFlags),
        overlapWithForest: overlap(zFlags),
        agreement: choice.agreement.zscore,
      },
      {
        method: 'iqr',
        rule: `more than ${IQR_RULE} IQR beyond a quartile in any column`,
        flagged: count(iqrFlags),
        overlapWithForest: overlap(iqrFlags),
        agreement: choice.agreement.iqr,
      },
    ],
    choice,
    top: order.slice(0, 50).map((i) => ({
      row: i,
      score: score[i],
      zscore: uni.z[i],
      iqrScore: uni.iqr[i],
      flagged: isAnomaly[i],
      reasons: texts(i),
      columns: reasons.get(i)!.flatMap((r) => (r.column === null ? [] : [r.column])),
      values: Object.fromEntries(
        shown.map((c) => {
          const v = c.values[i];
          return [c.name, typeof v === 'number' ? (Number.isNaN(v) ? null : v) : v];
        }),
      ),
    })),
    histogram: scoreHistogram(score, rules.threshold),
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
  const model: AnomalyModelJson = {
    kind: 'anomaly',
    version: 1,
    ...rules,
    columns: details.columns,
    encoders,
    categoryShare: Object.fromEntries([...categoryShare].map(([k, v]) => [k, Object.fromEntries(v)])),
    stats,
    forest: forestToJson(forest),
    method: choice.method,
  };
  const modelPath = writeArtifact(input.artifactDir, 'anomalyModel', model);
  emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'model-json', path: modelPath } });
  progress.report(1, `${flagged} of ${n} rows flagged`);
  return {
    summary: {
      task: 'anomaly',
      metric: 'anomaly_rate',
      leaderboard: rows,
      bestModelId: choice.method,
      elapsedSeconds: progress.elapsedSeconds(),
      cancelled: false,
      artifactDir: input.artifactDir,
      diagnostics: { threshold: rules.threshold, histogram: details.histogram },
    },
    details,
    artifacts: [
      { name: ARTIFACT_FILES.anomalyScores, path },
      { name: ARTIFACT_FILES.anomalyModel, path: modelPath },
    ],
    charts: anomalyCharts(
      {
        rows: n,
        threshold: rules.threshold,
        forestFlagged,
        farOutOnly: count(forestFlags) - forestFlagged,
        farOutIqr: FAR_OUT,
        histogram: details.histogram,
      },
      details.top,
    ),
  };
}
