/**
 * Reads everything the Monitor screen and `automl monitor` show of one model from its log, and re-checks the
 * metric alert after outcomes came back.
 */
import type {
  BatchSummary,
  ChallengeResult,
  Evaluation,
  MonitorSettings,
  MonitorState,
  VersionChange,
} from '@shared/monitor';
import { LOWER_IS_BETTER, type MetricName } from '@shared/tasks';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelJson } from '../pipeline/model-json';
import { tabularModelJson, type BundleModelJson } from '../artifacts/model-json';
import { closeAlert, closedAlerts, openAlertsOf, raise } from './alerts';
import { evaluations, matchedRows } from './evaluate';
import { monitorDir, rowsOf, type LogConnection } from './log-db';
import { readSettings } from './settings';
import { shadowComparisons } from './shadow';

export interface ActiveModel {
  dataDir: string;
  modelId: string;
  activeVersion: number;
  /** Every version the registry holds of the model. */
  versions: number[];
  modelJson: ModelJson;
}

/** The metric a model is judged by: model.json's primary metric, else accuracy / RMSE. */
export function metricOf(mj: ModelJson): MetricName {
  return mj.metrics.primary ?? (mj.classes ? 'accuracy' : 'rmse');
}

/** The version's score on its training holdout (test rows), else its validation score. */
export function trainingLevel(mj: ModelJson): number | null {
  const m = metricOf(mj);
  return mj.metrics.test?.[m] ?? mj.metrics.validation?.[m] ?? null;
}

/** How much worse `live` is than `reference`, in percent of the reference (negative: better). */
export function worsePct(metric: MetricName, live: number, reference: number): number {
  const d = LOWER_IS_BETTER.has(metric) ? live - reference : reference - live;
  return (d / Math.max(Math.abs(reference), 1e-12)) * 100;
}

const taskOf = (mj: ModelJson): 'classification' | 'regression' =>
  mj.task === 'regression' ? 'regression' : 'classification';

export async function readBatches(conn: LogConnection, limit = 200): Promise<BatchSummary[]> {
  const rows = await rowsOf(
    conn,
    `SELECT summary, logged FROM (SELECT * FROM batches ORDER BY at_ms DESC, batch_id DESC LIMIT ${limit}) ORDER BY at_ms, batch_id`,
  );
  return rows.map((r) => ({
    ...(JSON.parse(String(r.summary)) as BatchSummary),
    logged: r.logged as BatchSummary['logged'],
  }));
}

export async function readEvents<T>(conn: LogConnection, kind: string): Promise<T[]> {
  const rows = await rowsOf(conn, `SELECT body FROM events WHERE kind = $1 ORDER BY at_ms`, [kind]);
  return rows.map((r) => JSON.parse(String(r.body)) as T);
}

export async function addEvent(
  conn: LogConnection,
  kind: 'version' | 'challenge',
  at: number,
  body: VersionChange | ChallengeResult,
) {
  await conn.run(`INSERT INTO events VALUES ($1, $2, $3)`, [at, kind, JSON.stringify(body)]);
}

/**
 * Opens (or refreshes) a metric alert when the active version's newest week with enough matched rows is worse
 * than its training level by more than the line; closes it when it is back.
 */
export async function checkMetric(
  conn: LogConnection,
  model: ActiveModel,
  evals: Evaluation[],
  settings: MonitorSettings,
): Promise<void> {
  const metric = metricOf(model.modelJson);
  const level = trainingLevel(model.modelJson);
  const mine = evals.find((e) => e.version === model.activeVersion);
  const week = [...(mine?.perWeek ?? [])].reverse().find((p) => p.n >= Math.min(settings.thresholds.minRows, 50));
  const live = week?.metrics[metric];
  if (level === null || live === undefined) return;
  const drop = worsePct(metric, live, level);
  const open = (await openAlertsOf(conn, model.activeVersion)).filter((a) => a.kind === 'metric');
  if (drop >= settings.thresholds.metricDropPct) {
    await raise(conn, model.modelId, model.activeVersion, null, Date.now(), [
      {
        kind: 'metric',
        subject: metric,
        value: live,
        threshold: settings.thresholds.metricDropPct,
        message: `${metric} of version ${model.activeVersion} was ${fmt(live)} in the week of ${week!.key} (${week!.n} rows with outcomes), ${drop.toFixed(0)}% worse than its ${fmt(level)} on the training holdout. Retrain on recent labelled data.`,
      },
    ]);
  } else {
    for (const a of open)
      await closeAlert(
        conn,
        a,
        `${metric} is back within ${settings.thresholds.metricDropPct}% of the training level.`,
      );
  }
}

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3));

/** The model whose log is read: a registry version resolved by the caller (the engine does not read the registry). */
export function activeModel(
  dataDir: string,
  modelId: string,
  active: { version: number; modelJson: BundleModelJson },
  versions: number[],
): ActiveModel {
  return { dataDir, modelId, activeVersion: active.version, versions, modelJson: tabularModelJson(active.modelJson) };
}

export async function readState(conn: LogConnection, model: ActiveModel): Promise<MonitorState> {
  const mj = model.modelJson;
  const monitored = (mj.task === 'classification' || mj.task === 'regression') && mj.features.length > 0;
  const settings = await readSettings(conn);
  const evals = monitored ? evaluations(taskOf(mj), await matchedRows(conn, model.dataDir, model.modelId)) : [];
  const batches = await readBatches(conn);
  const counts = await rowsOf(
    conn,
    `SELECT count(*)::DOUBLE AS batches, coalesce(sum(CASE WHEN logged <> 'none' THEN rows END), 0)::DOUBLE AS rows FROM batches`,
  );
  const dir = monitorDir(model.dataDir, model.modelId);
  const bytes = await stat(join(dir, 'log.duckdb')).then(
    (s) => s.size,
    () => 0,
  );
  return {
    modelId: model.modelId,
    activeVersion: model.activeVersion,
    versions: model.versions,
    task: mj.task,
    target: mj.target,
    monitored,
    ...(monitored
      ? {}
      : {
          reason: `A ${mj.task} model is not monitored: monitoring covers table models (classification and regression).`,
        }),
    metric: metricOf(mj),
    trainingLevel: trainingLevel(mj),
    ...(mj.classes ? { classes: mj.classes } : {}),
    features: mj.features.map((f) => f.name),
    settings,
    batches,
    evaluations: evals,
    alerts: await openAlertsOf(conn),
    closedAlerts: await closedAlerts(conn),
    history: await readEvents<VersionChange>(conn, 'version'),
    challenges: await readEvents<ChallengeResult>(conn, 'challenge'),
    shadows: monitored ? await shadowComparisons(conn, model.dataDir, model.modelId, taskOf(mj), metricOf(mj)) : [],
    log: {
      rows: Number(counts[0].rows),
      bytes: bytes + (await rowFilesBytes(dir)),
      batches: Number(counts[0].batches),
    },
  };
}

async function rowFilesBytes(dir: string): Promise<number> {
  const names = await readdir(join(dir, 'rows')).catch(() => [] as string[]);
  let total = 0;
  for (const n of names)
    total += await stat(join(dir, 'rows', n)).then(
      (s) => s.size,
      () => 0,
    );
  return total;
}
