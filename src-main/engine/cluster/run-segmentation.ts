import { CodedError } from '@shared/errors';
import type { LeaderboardRow } from '@shared/project';
import { writeCsv } from '../analytics/csv-out';
import { publishRow } from '../analytics/progress';
import { ProgressReporter } from '../util/progress';
import { loadTable } from '../analytics/read-table';
import { checkAborted, type TaskContext, type TaskResult } from '../analytics/task-result';
import { encode, featureNamesOf, fitEncoders, type ColumnEncoder } from './encode';
import { pca2 } from './pca';
import { profileSegments, type SegmentProfile } from './profiles';
import { loadRfm, quintileScores, rfmTable, type RfmColumns } from './rfm';
import { segmentCharts } from './segment-charts';
import { writeSegmentOnnx } from './segment-onnx';
import { gatherRows, sampleRows } from '../util/sample-rows';
import { finalise, tryK, type KTrial } from './select-k';
import { silhouette } from './silhouette';
import { ARTIFACT_FILES } from '../artifacts/files';
import { artifactPath, writeArtifact } from '../artifacts/store';

export interface SegmentationInput {
  dataPath: string;
  /** Number of segments; null/absent = choose 2..8 by silhouette. */
  k?: number | null;
  /** Columns to cluster on; absent = every usable column (or RFM when the data are transactions). */
  columns?: string[];
  artifactDir: string;
}

/** segment-model.json: enough to assign new rows (also compiled to model.onnx). */
export interface SegmentModelJson {
  kind: 'segment';
  version: 1;
  mode: 'features' | 'rfm';
  k: number;
  encoders: ColumnEncoder[];
  featureNames: string[];
  /** centroids[segment][feature] on the encoded (standardised) scale. */
  centroids: number[][];
  profiles: Array<{ segment: number; description: string }>;
  /** RFM mode: the transaction columns used and the as-of date of recency. */
  rfm?: { columns: RfmColumns; asOf: string };
}

export interface SegmentDetails {
  mode: 'features' | 'rfm';
  k: number;
  kChosenBy: 'given' | 'silhouette';
  silhouette: number;
  silhouetteByK: Array<{ k: number; silhouette: number }>;
  rows: number;
  features: string[];
  dropped: Array<{ column: string; reason: string }>;
  segments: SegmentProfile[];
  pca: { explained: number[]; points: Array<{ x: number; y: number; segment: number }> };
  rfm?: {
    columns: RfmColumns;
    asOf: string;
    scoresBySegment: Array<{ segment: number; r: number; f: number; m: number }>;
  };
}

const SAMPLE_FOR_K = 5000;

/** k-means segmentation (k-means++ seeding, k by silhouette), RFM for transaction logs, profiles, PCA, ONNX export. */
export async function runSegmentation(input: SegmentationInput, ctx: TaskContext): Promise<TaskResult<SegmentDetails>> {
  const { signal, emit } = ctx;
  const progress = new ProgressReporter(emit);
  progress.report(0, 'Reading data');
  const rfm = input.columns?.length ? null : await loadRfm(input.dataPath);
  const table = rfm
    ? rfmTable(rfm)
    : await loadTable(input.dataPath, input.columns?.length ? input.columns : undefined);
  const mode = rfm ? 'rfm' : 'features';
  checkAborted(signal);
  // Spend and counts are heavily skewed; logs keep a few big customers from owning a segment each.
  const { encoders, dropped } = fitEncoders(
    table,
    rfm ? new Set(['recency_days', 'frequency', 'monetary']) : new Set(),
  );
  if (encoders.length === 0) {
    throw new CodedError(
      'dataset-invalid',
      `No column can be used for segmentation (${dropped.map((x) => `${x.column}: ${x.reason}`).join('; ')}). Choose numeric or low-cardinality columns.`,
    );
  }
  const n = table.rows;
  const featureNames = featureNamesOf(encoders);
  const d = featureNames.length;
  const x = encode(table, encoders);
  if (input.k != null && (!Number.isInteger(input.k) || input.k < 2 || input.k > Math.min(50, n - 1))) {
    throw new CodedError(
      'invalid-input',
      `Number of segments must be a whole number from 2 to ${Math.min(50, n - 1)} (got ${input.k}).`,
    );
  }
  if (n < 4) throw new CodedError('dataset-empty', `Only ${n} rows: segmentation needs at least 4.`);
  const sample = sampleRows(n, SAMPLE_FOR_K, 11);
  const xs = gatherRows(x, d, sample);
  const ks = input.k != null ? [input.k] : Array.from({ length: Math.min(8, sample.length - 1) - 1 }, (_, i) => i + 2);
  const family = mode === 'rfm' ? 'rfm_kmeans' : 'kmeans';
  const rows: LeaderboardRow[] = [];
  const trials: KTrial[] = [];
  progress.report(0.05, `Clustering ${n} rows on ${d} features`);
  for (const [i, k] of ks.entries()) {
    checkAborted(signal);
    const trial = tryK(xs, sample.length, d, k, signal);
    trials.push(trial);
    const row: LeaderboardRow = {
      modelId: `${family}_k${k}`,
      family,
      label: `k-means, ${k} segments`,
      params: { k, inertia: Number(trial.inertia.toPrecision(6)) },
      metrics: { silhouette: trial.silhouette },
      fitSeconds: trial.seconds,
      status: 'done',
    };
    rows.push(row);
    publishRow(emit, rows, row, 'silhouette');
    progress.report(0.05 + (0.75 * (i + 1)) / ks.length, `k = ${k}: silhouette ${trial.silhouette.toFixed(3)}`, {
      modelId: row.modelId,
      family,
    });
  }
  const best = trials.reduce((a, b) => (b.silhouette > a.silhouette + 1e-9 ? b : a));
  const { labels, centroids } = finalise(x, n, d, best.fit.centroids, best.k, signal);
  const sil = silhouette(x, d, sampleRows(n, 2000, 5), labels, best.k);
  progress.report(0.85, 'Describing segments');
  const profiles = profileSegments(table, encoders, x, d, labels, best.k);
  const proj = pca2(xs, sample.length, d);
  const shown = sampleRows(n, 2000, 3);
  const points = Array.from(shown, (r) => {
    let px = 0;
    let py = 0;
    for (let f = 0; f < d; f++) {
      px += (x[r * d + f] - proj.mean[f]) * proj.components[0][f];
      py += (x[r * d + f] - proj.mean[f]) * proj.components[1][f];
    }
    return { x: px, y: py, segment: labels[r] };
  });

  const model: SegmentModelJson = {
    kind: 'segment',
    version: 1,
    mode,
    k: best.k,
    encoders,
    featureNames,
    centroids: Array.from({ length: best.k }, (_, j) => Array.from(centroids.subarray(j * d, j * d + d))),
    profiles: profiles.map((p) => ({ segment: p.segment, description: p.description })),
    rfm: rfm ? { columns: rfm.columns, asOf: rfm.asOf } : undefined,
  };
  const dir = input.artifactDir;
  const artifacts: TaskResult<SegmentDetails>['artifacts'] = [];
  let scoresBySegment: NonNullable<SegmentDetails['rfm']>['scoresBySegment'] | undefined;
  if (rfm) {
    const r = quintileScores(rfm.recency, false);
    const f = quintileScores(rfm.frequency, true);
    const m = quintileScores(rfm.monetary, true);
    artifacts.push({
      name: ARTIFACT_FILES.segments,
      path: await writeCsv(
        artifactPath(dir, 'segments'),
        ['customer', 'segment', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score'],
        rfm.customers.map((c, i) => [
          c,
          labels[i],
          rfm.recency[i],
          rfm.frequency[i],
          rfm.monetary[i],
          r[i],
          f[i],
          m[i],
        ]),
      ),
    });
    scoresBySegment = profiles.map((p) => {
      const avg = (s: Int32Array): number =>
        s.reduce((a, v, i) => a + (labels[i] === p.segment ? v : 0), 0) / Math.max(1, p.size);
      return { segment: p.segment, r: avg(r), f: avg(f), m: avg(m) };
    });
  } else {
    artifacts.push({
      name: ARTIFACT_FILES.segments,
      path: await writeCsv(
        artifactPath(dir, 'segments'),
        ['row', 'segment'],
        Array.from(labels, (l, i) => [i, l]),
      ),
    });
  }
  artifacts.push({ name: ARTIFACT_FILES.segmentModel, path: writeArtifact(dir, 'segmentModel', model) });
  artifacts.push({ name: ARTIFACT_FILES.onnx, path: await writeSegmentOnnx(artifactPath(dir, 'onnx'), model) });
  for (const a of artifacts)
    emit({
      type: 'ARTIFACT_ADDED',
      payload: {
        kind: a.name.endsWith('.onnx') ? 'onnx' : a.name.endsWith('.json') ? 'model-json' : 'predictions',
        path: a.path,
      },
    });

  const details: SegmentDetails = {
    mode,
    k: best.k,
    kChosenBy: input.k != null ? 'given' : 'silhouette',
    silhouette: sil,
    silhouetteByK: trials.map((t) => ({ k: t.k, silhouette: t.silhouette })),
    rows: n,
    features: featureNames,
    dropped,
    segments: profiles,
    pca: { explained: proj.explained, points },
    rfm: rfm ? { columns: rfm.columns, asOf: rfm.asOf, scoresBySegment: scoresBySegment! } : undefined,
  };
  progress.report(1, `${best.k} segments, silhouette ${sil.toFixed(3)}`);
  return {
    summary: {
      task: 'segment',
      metric: 'silhouette',
      leaderboard: rows,
      bestModelId: `${family}_k${best.k}`,
      elapsedSeconds: progress.elapsedSeconds(),
      cancelled: false,
      artifactDir: dir,
      diagnostics: { silhouetteByK: details.silhouetteByK, sizes: profiles.map((p) => p.size) },
    },
    details,
    artifacts,
    charts: segmentCharts(details),
  };
}
