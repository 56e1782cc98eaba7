/**
 * Logs one scored batch of a registered model: its summary, drift against training and (per the model's
 * settings) its rows: key, prediction, probabilities and inputs. `beginBatch` before scoring starts copying the
 * input rows (row-files.ts); `finish` after scoring adds the predictions and commits the batch in one
 * transaction, so a crash leaves either the whole batch or nothing.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { BatchLogged, BatchSummary, MonitorSettings } from '@shared/monitor';
import type { ModelJson } from '../pipeline/model-json';
import type { BatchCounts } from './batch-accumulator';
import { featureDrift, predictionDrift, worst } from './drift';
import { inTransaction, rowsOf, withLog, type LogConnection } from './log-db';
import { openAlerts } from './alerts';
import { readSettings } from './settings';
import { RowsCopy, rowsDir, sweepRowFiles } from './row-files';
import { DAY_MS } from '@shared/time';

export interface BeginBatchArgs {
  dataDir: string;
  modelId: string;
  modelJson: ModelJson;
  inputPath: string;
  at?: number;
  /** A shadow batch: its rows' inputs and keys are those of this champion batch (they are not copied again). */
  shadowOf?: string;
}

export interface FinishBatchArgs {
  version: number;
  /** The predictions CSV scoreFile wrote (prediction, proba_<class>...), row-aligned with the input. */
  outputPath: string;
  counts: BatchCounts;
  source: BatchSummary['source'];
  role?: BatchSummary['role'];
  shadowOf?: string;
  /** Test hook: runs inside the transaction after the rows are written, before COMMIT. */
  beforeCommit?: () => Promise<void>;
}

export interface PendingBatch {
  batchId: string;
  /** The model's monitoring settings as the batch began. */
  settings: MonitorSettings;
  finish(args: FinishBatchArgs): Promise<BatchLogged>;
  /** Scoring failed: nothing of the batch is kept. */
  abort(): Promise<void>;
}

export function newBatchId(at: number): string {
  return `b${new Date(at)
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}

/** Builds the batch summary from the counts and the person's thresholds. */
export function summarise(
  args: Pick<FinishBatchArgs, 'version' | 'counts' | 'source' | 'role' | 'shadowOf'> & { inputPath: string },
  settings: MonitorSettings,
  batchId: string,
  at: number,
): BatchSummary {
  const t = settings.thresholds;
  const drift = featureDrift(args.counts, t);
  const prediction = predictionDrift(args.counts, t);
  return {
    batchId,
    version: args.version,
    role: args.role ?? 'champion',
    ...(args.shadowOf ? { shadowOf: args.shadowOf } : {}),
    at,
    source: args.source,
    fileName: basename(args.inputPath),
    rows: args.counts.rows,
    logged: settings.logRows,
    stats: args.counts.stats,
    drift,
    prediction,
    level: worst([...drift.map((d) => d.level), prediction.level]),
    small: args.counts.rows < t.minRows,
  };
}

/** Reads the model's log settings and, when rows are kept, starts copying the input rows. */
export async function beginBatch(args: BeginBatchArgs): Promise<PendingBatch> {
  const at = args.at ?? Date.now();
  const batchId = newBatchId(at);
  const settings = await withLog(args.dataDir, args.modelId, readSettings);
  const copy =
    settings.logRows === 'none'
      ? null
      : await RowsCopy.start({
          dir: rowsDir(args.dataDir, args.modelId),
          batchId,
          inputPath: args.inputPath,
          features: args.modelJson.features.map((f) => f.name),
          keyColumn: settings.keyColumn,
          logRows: settings.logRows,
          shadow: args.shadowOf !== undefined,
        });
  return {
    batchId,
    settings,
    abort: async () => copy?.abort(),
    finish: async (f) => {
      try {
        await copy?.finish(f.outputPath);
        return await commit(args, f, settings, batchId, at, copy);
      } catch (err) {
        await copy?.abort();
        throw err;
      }
    },
  };
}

async function commit(
  b: BeginBatchArgs,
  f: FinishBatchArgs,
  settings: MonitorSettings,
  batchId: string,
  at: number,
  copy: RowsCopy | null,
): Promise<BatchLogged> {
  return withLog(b.dataDir, b.modelId, async (conn) => {
    const summary = summarise({ ...f, inputPath: b.inputPath }, settings, batchId, at);
    const opened = await inTransaction(conn, async () => {
      await conn.run(
        `INSERT INTO batches (batch_id, version, role, shadow_of, at_ms, rows, logged, features, classes, summary, key_column)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::VARCHAR[], $9::VARCHAR[], $10, $11)`,
        [
          batchId,
          f.version,
          summary.role,
          f.shadowOf ?? '',
          at,
          summary.rows,
          copy ? settings.logRows : 'none',
          JSON.stringify(b.modelJson.features.map((x) => x.name)),
          JSON.stringify(b.modelJson.classes ?? []),
          JSON.stringify(summary),
          settings.keyColumn ?? '',
        ],
      );
      await prune(conn, settings, at);
      const alerts = summary.role === 'champion' ? await openAlerts(conn, b.modelId, summary, settings.thresholds) : [];
      await copy?.publish();
      await f.beforeCommit?.();
      return alerts;
    });
    await sweepRowFiles(conn, b.dataDir, b.modelId);
    return { modelId: b.modelId, version: f.version, batchId, level: summary.level, opened };
  });
}

/** Both halves in one call (scoring already done): for tools and tests that log a finished file. */
export async function logBatch(args: BeginBatchArgs & FinishBatchArgs & { inputPath: string }): Promise<BatchLogged> {
  const pending = await beginBatch(args);
  return pending.finish(args);
}

/** Retention (days) and the row cap: the oldest batches lose their rows first; summaries always stay. */
async function prune(conn: LogConnection, settings: MonitorSettings, now: number): Promise<void> {
  const cutoff = now - settings.retentionDays * DAY_MS;
  const old = await rowsOf(conn, `SELECT batch_id FROM batches WHERE at_ms < $1 AND logged <> 'none'`, [cutoff]);
  const drop = old.map((r) => String(r.batch_id));
  const kept = await rowsOf(
    conn,
    `SELECT batch_id, CAST(rows AS DOUBLE) AS rows FROM batches WHERE at_ms >= $1 AND logged <> 'none' ORDER BY at_ms DESC, batch_id DESC`,
    [cutoff],
  );
  let total = 0;
  for (const r of kept) {
    total += Number(r.rows);
    if (total > settings.maxRows) drop.push(String(r.batch_id));
  }
  // Their files go once this transaction commits (sweepRowFiles); a shadow batch's rows go with its champion's.
  for (const id of drop)
    await conn.run(`UPDATE batches SET logged = 'none' WHERE batch_id = $1 OR shadow_of = $1`, [id]);
}
