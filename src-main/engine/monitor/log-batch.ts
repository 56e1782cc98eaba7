/**
 * Logs one scored batch of a registered model: its summary, drift against training and (per the model's
 * settings) its rows: key, prediction, probabilities and inputs. One transaction per batch; the rows are
 * copied by DuckDB from the input file and the predictions file just written (positionally: the output is
 * row-aligned with the input), so logging adds no work to the scoring loop beyond the summary counts.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { BatchLogged, BatchSummary, MonitorSettings } from '@shared/monitor';
import type { ModelJson } from '../pipeline/model-json';
import { sourceOf } from '../predict/read-table';
import type { BatchCounts } from './batch-accumulator';
import { featureDrift, predictionDrift, worst } from './drift';
import { inTransaction, quoteIdent, quoteString, rowsOf, withLog, type LogConnection } from './log-db';
import { openAlerts } from './alerts';
import { readSettings } from './settings';

export interface LogBatchArgs {
  dataDir: string;
  modelId: string;
  version: number;
  modelJson: ModelJson;
  inputPath: string;
  /** The predictions CSV scoreFile wrote (prediction, proba_<class>...), row-aligned with the input. */
  outputPath: string;
  counts: BatchCounts;
  source: BatchSummary['source'];
  role?: BatchSummary['role'];
  shadowOf?: string;
  at?: number;
  /** Test hook: runs inside the transaction after the rows are written, before COMMIT. */
  beforeCommit?: () => Promise<void>;
}

const DAY_MS = 86_400_000;

export function newBatchId(at: number): string {
  return `b${new Date(at)
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}

/** The SQL for a row's key: the key column's text, or a 64-bit hash of the model inputs' text. */
export function keyExpression(features: string[], keyColumn: string | null, available: string[]): string {
  if (keyColumn && available.includes(keyColumn)) return `CAST(${quoteIdent(keyColumn)} AS VARCHAR)`;
  const cells = features.map((f) => `coalesce(CAST(${quoteIdent(f)} AS VARCHAR), chr(0))`);
  return `substr(md5(concat_ws(chr(31), ${cells.join(', ')})), 1, 16)`;
}

/** Builds the batch summary from the counts and the person's thresholds. */
export function summarise(
  args: Pick<LogBatchArgs, 'version' | 'counts' | 'source' | 'role' | 'shadowOf' | 'inputPath'>,
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

export async function logBatch(args: LogBatchArgs): Promise<BatchLogged> {
  const at = args.at ?? Date.now();
  const batchId = newBatchId(at);
  return withLog(args.dataDir, args.modelId, async (conn) => {
    const settings = await readSettings(conn);
    const summary = summarise(args, settings, batchId, at);
    const opened = await inTransaction(conn, async () => {
      await conn.run(`INSERT INTO batches VALUES ($1, $2, $3, $4, $5, $6, $7, $8::VARCHAR[], $9::VARCHAR[], $10)`, [
        batchId,
        args.version,
        summary.role,
        args.shadowOf ?? '',
        at,
        summary.rows,
        settings.logRows,
        JSON.stringify(args.modelJson.features.map((f) => f.name)),
        JSON.stringify(args.modelJson.classes ?? []),
        JSON.stringify(summary),
      ]);
      if (settings.logRows !== 'none') await copyRows(conn, args, settings, batchId);
      await prune(conn, settings, at);
      const alerts =
        summary.role === 'champion' ? await openAlerts(conn, args.modelId, summary, settings.thresholds) : [];
      await args.beforeCommit?.();
      return alerts;
    });
    return { modelId: args.modelId, version: args.version, batchId, level: summary.level, opened };
  });
}

async function copyRows(conn: LogConnection, args: LogBatchArgs, settings: MonitorSettings, batchId: string) {
  const src = sourceOf(args.inputPath);
  const described = await rowsOf(conn, `DESCRIBE SELECT * FROM ${src.sql}`);
  const available = described.map((r) => String(r.column_name));
  const features = args.modelJson.features.map((f) => f.name);
  const classes = args.modelJson.classes ?? [];
  const outCols = [`p: 'VARCHAR'`, ...classes.map((_, i) => `q${i}: 'DOUBLE'`)].join(', ');
  const out = `read_csv(${quoteString(args.outputPath)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${outCols}})`;
  const inputs =
    settings.logRows === 'all'
      ? `[${features.map((f) => `CAST(i.${quoteIdent(f)} AS VARCHAR)`).join(', ')}]::VARCHAR[]`
      : 'NULL::VARCHAR[]';
  const proba = classes.length ? `[${classes.map((_, i) => `o.q${i}`).join(', ')}]::DOUBLE[]` : 'NULL::DOUBLE[]';
  const key = keyExpression(features, settings.keyColumn, available);
  await conn.run(
    `INSERT INTO predictions
     SELECT $1, row_number() OVER (), k, o.p, ${proba}, ${inputs}
     FROM (SELECT *, ${key} AS k FROM ${src.sql}) i POSITIONAL JOIN ${out} o`,
    [batchId],
  );
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
  for (const id of drop) {
    await conn.run(`DELETE FROM predictions WHERE batch_id = $1`, [id]);
    await conn.run(`UPDATE batches SET logged = 'none' WHERE batch_id = $1`, [id]);
  }
}
