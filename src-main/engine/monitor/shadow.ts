/**
 * Shadow mode, side by side: each shadow batch (a candidate version's predictions on a champion batch's rows) is
 * set beside the champion batch it shadows, row by row. Agreement needs no outcomes; once outcomes come back,
 * both versions' metric is computed on exactly the same rows (those with an outcome).
 */
import type { ShadowComparison, ShadowPoint } from '@shared/monitor';
import type { MetricName } from '@shared/tasks';
import { metricsOf, type MatchedRow } from './evaluate';
import { rowsOf, type LogConnection } from './log-db';
import { loggedRowsSql } from './row-files';

type Task = 'classification' | 'regression';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const numbers = (v: unknown): number[] | null => (Array.isArray(v) ? v.map(Number) : null);

export async function shadowComparisons(
  conn: LogConnection,
  dataDir: string,
  modelId: string,
  task: Task,
  metric: MetricName,
): Promise<ShadowComparison[]> {
  const shadows = await rowsOf(conn, `SELECT count(*)::DOUBLE AS n FROM batches WHERE role = 'shadow'`);
  if (!Number(shadows[0].n)) return [];
  const logged = await loggedRowsSql(conn, dataDir, modelId);
  const pairs = `(SELECT sb.batch_id, sb.version, sb.at_ms, cb.version AS champion_version, s.row_no, s.key,
        s.prediction AS sp, c.prediction AS cp, s.proba AS sproba, c.proba AS cproba, sb.classes AS sclasses,
        cb.classes AS cclasses
      FROM ${logged} s
      JOIN batches sb ON sb.batch_id = s.batch_id AND sb.role = 'shadow'
      JOIN batches cb ON cb.batch_id = sb.shadow_of
      JOIN ${logged} c ON c.batch_id = sb.shadow_of AND c.row_no = s.row_no)`;
  const agree =
    task === 'classification'
      ? `avg(CASE WHEN sp IS NOT DISTINCT FROM cp THEN 1.0 ELSE 0.0 END)`
      : `avg(abs(TRY_CAST(sp AS DOUBLE) - TRY_CAST(cp AS DOUBLE)))`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE shadow_pairs AS SELECT * FROM ${pairs}`);
  try {
    const batches = await rowsOf(
      conn,
      `SELECT batch_id, version, CAST(at_ms AS DOUBLE) AS at_time, champion_version, count(*)::DOUBLE AS n,
         ${agree}::DOUBLE AS agreement
       FROM shadow_pairs GROUP BY ALL ORDER BY at_time, batch_id`,
    );
    const matched = await rowsOf(
      conn,
      `SELECT p.batch_id, p.version, p.champion_version, p.sp, p.cp, p.sproba, p.cproba, p.sclasses, p.cclasses,
         o.outcome
       FROM shadow_pairs p JOIN outcomes o ON o.key = p.key ORDER BY p.at_ms, p.row_no`,
    );
    const sides = (r: Record<string, unknown>): { shadow: MatchedRow; champion: MatchedRow } => {
      const common = { batchId: String(r.batch_id), at: 0, outcome: String(r.outcome), inputs: null, features: [] };
      return {
        shadow: {
          ...common,
          version: Number(r.version),
          prediction: String(r.sp ?? ''),
          proba: numbers(r.sproba),
          classes: strings(r.sclasses),
        },
        champion: {
          ...common,
          version: Number(r.champion_version),
          prediction: String(r.cp ?? ''),
          proba: numbers(r.cproba),
          classes: strings(r.cclasses),
        },
      };
    };
    const byBatch = new Map<string, Array<{ shadow: MatchedRow; champion: MatchedRow }>>();
    // Loops, not spreads: a copy per row was quadratic, and push(...rows) overflows the call stack past ~125k rows.
    for (const r of matched) {
      const id = String(r.batch_id);
      const rows = byBatch.get(id);
      if (rows) rows.push(sides(r));
      else byBatch.set(id, [sides(r)]);
    }
    const score = (rows: MatchedRow[]): number | null =>
      rows.length ? (metricsOf(task, rows).metrics[metric] ?? null) : null;
    const out = new Map<
      number,
      { points: ShadowPoint[]; pairs: Array<{ shadow: MatchedRow; champion: MatchedRow }> }
    >();
    for (const b of batches) {
      const version = Number(b.version);
      const mine = byBatch.get(String(b.batch_id)) ?? [];
      const entry = out.get(version) ?? { points: [], pairs: [] };
      entry.points.push({
        batchId: String(b.batch_id),
        at: Number(b.at_time),
        championVersion: Number(b.champion_version),
        rows: Number(b.n),
        agreement: Number(b.agreement),
        matched: mine.length,
        champion: score(mine.map((p) => p.champion)),
        shadow: score(mine.map((p) => p.shadow)),
      });
      for (const p of mine) entry.pairs.push(p);
      out.set(version, entry);
    }
    return [...out.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([version, { points, pairs }]) => {
        const rows = points.reduce((s, p) => s + p.rows, 0);
        return {
          version,
          metric,
          agreementKind: task === 'classification' ? 'same-label' : 'mean-abs-diff',
          batches: points.length,
          rows,
          agreement: points.reduce((s, p) => s + p.agreement * p.rows, 0) / Math.max(1, rows),
          matched: pairs.length,
          champion: score(pairs.map((p) => p.champion)),
          shadow: score(pairs.map((p) => p.shadow)),
          perBatch: points.slice(-200),
        };
      });
  } finally {
    await conn.run(`DROP TABLE IF EXISTS shadow_pairs`);
  }
}
