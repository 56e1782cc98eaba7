import { histogramSpec, missingnessSpec } from '@shared/charts';
import type { LeaderboardRow } from '@shared/project';
import { writeCsv } from './csv-out';
import { publishRow } from './progress';
import { ProgressReporter } from '../util/progress';
import { describeSource, kindOfDbType, loadExpr, sourceSql, withDuckDb, type LoadedKind } from './read-table';
import { checkAborted, type TaskContext, type TaskResult } from './task-result';
import { ARTIFACT_FILES } from '../artifacts/files';
import { artifactPath } from '../artifacts/store';
import type { TaskChart } from '../artifacts/task-result';
import { ident } from '../util/duckdb';

export interface SummaryInput {
  dataPath: string;
  artifactDir: string;
}

/** Descriptive statistics of one column. Numeric fields only for numeric columns, `top` only for the others. */
export interface ColumnSummary {
  name: string;
  kind: LoadedKind;
  dbType: string;
  count: number;
  missing: number;
  /** 0..1 */
  missingPct: number;
  distinct: number;
  mean?: number;
  std?: number;
  min?: number;
  q1?: number;
  median?: number;
  q3?: number;
  max?: number;
  skewness?: number;
  /** Values beyond 1.5 IQR from the quartiles (Tukey fences). */
  outliers?: number;
  zeros?: number;
  histogram?: { edges: number[]; counts: number[] };
  /** Most frequent values (at most 5) for text, categorical and boolean columns; min/max dates for datetimes as ISO text. */
  top?: Array<{ value: string; count: number }>;
  first?: string;
  last?: string;
}

export interface SummaryDetails {
  rows: number;
  columns: ColumnSummary[];
  missingCells: number;
  /** 0..1 over all cells. */
  missingRate: number;
  duplicateRows: number;
  /** Sentences worth reading first: heavy missingness, many outliers, duplicates, constants. */
  highlights: string[];
}

const num = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

/** Descriptive statistics for every column, computed in DuckDB so large files stay out of memory. */
export async function runSummary(input: SummaryInput, ctx: TaskContext): Promise<TaskResult<SummaryDetails>> {
  const progress = new ProgressReporter(ctx.emit);
  progress.report(0, 'Reading data');
  const started = Date.now();
  const details = await withDuckDb(async (conn) => {
    const schema = await describeSource(conn, input.dataPath);
    const src = sourceSql(input.dataPath);
    await conn.run(`CREATE TEMP TABLE t AS SELECT * FROM ${src}`);
    const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRowsJS()[0][0]);
    const distinctRows = Number(
      (await conn.runAndReadAll('SELECT count(*) FROM (SELECT DISTINCT * FROM t)')).getRowsJS()[0][0],
    );
    const columns: ColumnSummary[] = [];
    for (const [i, c] of schema.entries()) {
      checkAborted(ctx.signal);
      const q = ident(c.name);
      const kind = kindOfDbType(c.dbType);
      const base = (await conn.runAndReadAll(`SELECT count(${q}), count(DISTINCT ${q}) FROM t`)).getRowsJS()[0];
      const count = Number(base[0]);
      const s: ColumnSummary = {
        name: c.name,
        kind,
        dbType: c.dbType,
        count,
        missing: rows - count,
        missingPct: rows ? (rows - count) / rows : 0,
        distinct: Number(base[1]),
      };
      if (kind === 'numeric' && count > 0) {
        const x = loadExpr(c.name, c.dbType);
        const r = (
          await conn.runAndReadAll(
            `SELECT avg(${x}), stddev_samp(${x}), min(${x}), quantile_cont(${x}, 0.25), median(${x}), quantile_cont(${x}, 0.75), max(${x}), skewness(${x}), count_if(${x} = 0) FROM t`,
          )
        ).getRowsJS()[0];
        [s.mean, s.std, s.min, s.q1, s.median, s.q3, s.max, s.skewness, s.zeros] = r.map(num);
        const iqr = s.q3! - s.q1!;
        const lo = s.q1! - 1.5 * iqr;
        const hi = s.q3! + 1.5 * iqr;
        s.outliers = Number(
          (await conn.runAndReadAll(`SELECT count_if(${x} < ${lo} OR ${x} > ${hi}) FROM t`)).getRowsJS()[0][0],
        );
        if (s.max! > s.min!) {
          const bins = 20;
          const w = (s.max! - s.min!) / bins;
          const h = (
            await conn.runAndReadAll(
              `SELECT least(${bins - 1}, CAST(floor((${x} - ${s.min}) / ${w}) AS INTEGER)) AS __bin, count(*) FROM t WHERE ${x} IS NOT NULL GROUP BY 1`,
            )
          ).getRowsJS();
          const counts = new Array<number>(bins).fill(0);
          for (const [b, k] of h) counts[Number(b)] = Number(k);
          s.histogram = { edges: Array.from({ length: bins + 1 }, (_, j) => s.min! + j * w), counts };
        }
      } else if (kind === 'datetime' && count > 0) {
        const r = (await conn.runAndReadAll(`SELECT min(${q})::VARCHAR, max(${q})::VARCHAR FROM t`)).getRowsJS()[0];
        [s.first, s.last] = [String(r[0]), String(r[1])];
      } else if (count > 0) {
        const top = (
          await conn.runAndReadAll(
            `SELECT CAST(${q} AS VARCHAR) AS v, count(*) AS c FROM t WHERE ${q} IS NOT NULL GROUP BY v ORDER BY c DESC, v LIMIT 5`,
          )
        ).getRowsJS();
        s.top = top.map(([v, k]) => ({ value: String(v), count: Number(k) }));
      }
      columns.push(s);
      progress.report(0.05 + (0.85 * (i + 1)) / schema.length, `Described ${c.name}`);
    }
    const missingCells = columns.reduce((a, c) => a + c.missing, 0);
    const cells = rows * columns.length;
    return {
      rows,
      columns,
      missingCells,
      missingRate: cells ? missingCells / cells : 0,
      duplicateRows: rows - distinctRows,
      highlights: [] as string[],
    };
  });
  details.highlights = highlightsOf(details);
  const path = await writeCsv(
    artifactPath(input.artifactDir, 'summary'),
    [
      'column',
      'kind',
      'count',
      'missing',
      'missing_pct',
      'distinct',
      'mean',
      'std',
      'min',
      'q1',
      'median',
      'q3',
      'max',
      'skewness',
      'outliers',
      'top',
    ],
    details.columns.map((c) => [
      c.name,
      c.kind,
      c.count,
      c.missing,
      c.missingPct,
      c.distinct,
      c.mean,
      c.std,
      c.min,
      c.q1,
      c.median,
      c.q3,
      c.max,
      c.skewness,
      c.outliers,
      c.top?.map((t) => `${t.value} (${t.count})`).join('; ') ?? (c.first ? `${c.first} to ${c.last}` : ''),
    ]),
  );
  ctx.emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'other', path } });
  const row: LeaderboardRow = {
    modelId: 'describe',
    family: 'describe',
    label: 'Descriptive statistics',
    params: { rows: details.rows, columns: details.columns.length },
    metrics: { missing_rate: details.missingRate },
    fitSeconds: (Date.now() - started) / 1000,
    status: 'done',
  };
  publishRow(ctx.emit, [row], row, 'missing_rate');
  const charts: TaskChart[] = [{ title: 'Missing values', spec: missingnessSpec(details.columns) }];
  for (const c of details.columns.filter((x) => x.histogram).slice(0, 8)) {
    charts.push({
      title: c.name,
      spec: histogramSpec(c.name, c.histogram!, { label: c.name }, [{ value: c.median!, label: 'median' }]),
    });
  }
  progress.report(1, `${details.rows} rows, ${details.columns.length} columns described`);
  return {
    summary: {
      task: 'summary',
      metric: 'missing_rate',
      leaderboard: [row],
      bestModelId: 'describe',
      elapsedSeconds: progress.elapsedSeconds(),
      cancelled: false,
      artifactDir: input.artifactDir,
    },
    details,
    artifacts: [{ name: ARTIFACT_FILES.summary, path }],
    charts,
  };
}

function highlightsOf(d: SummaryDetails): string[] {
  const out: string[] = [];
  for (const c of d.columns) {
    if (c.missingPct >= 0.2) out.push(`${c.name} is ${(100 * c.missingPct).toFixed(0)}% missing.`);
    if (c.distinct === 1) out.push(`${c.name} has a single value.`);
    if (c.outliers !== undefined && c.count > 0 && c.outliers / c.count >= 0.05)
      out.push(`${c.name} has ${c.outliers} outliers (${((100 * c.outliers) / c.count).toFixed(1)}% beyond 1.5 IQR).`);
    if (c.skewness !== undefined && Math.abs(c.skewness) >= 2)
      out.push(`${c.name} is strongly skewed (skewness ${c.skewness.toFixed(1)}).`);
  }
  if (d.duplicateRows > 0) out.push(`${d.duplicateRows} rows are exact duplicates of another row.`);
  return out;
}
