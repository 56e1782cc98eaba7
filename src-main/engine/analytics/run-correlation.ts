import type { BarSpec } from '@shared/charts';
import { CodedError } from '@shared/errors';
import type { LeaderboardRow } from '@shared/project';
import type { ModelFamily } from '@shared/tasks';
import {
  binNumeric,
  codeCategories,
  correlationRatio,
  cramersV,
  informationCoefficient,
  mutualInformation,
  pearson,
  spearman,
  type Codes,
} from './association';
import { writeCsv } from './csv-out';
import { publishRow } from './progress';
import { ProgressReporter } from '../util/progress';
import { loadTable, type LoadedColumn } from './read-table';
import { checkAborted, type TaskContext, type TaskResult } from './task-result';
import { ARTIFACT_FILES } from '../artifacts/files';
import { artifactPath } from '../artifacts/store';

export interface CorrelationInput {
  dataPath: string;
  target: string;
  artifactDir: string;
}

/** One candidate factor and how strongly it goes with the target. */
export interface Factor {
  column: string;
  kind: 'numeric' | 'categorical';
  /** 0..1 ranking value: max(|Pearson|, |Spearman|) for two numeric columns, eta for numeric vs categories, Cramér's V for two categorical columns. */
  strength: number;
  measure: 'pearson' | 'spearman' | 'eta' | 'cramers_v';
  pearson?: number;
  spearman?: number;
  eta?: number;
  cramersV?: number;
  /** Mutual information (nats) on binned values, and its 0..1 information coefficient. */
  mutualInfo: number;
  miCoefficient: number;
  direction?: 'positive' | 'negative';
  /** Rows where both values are present. */
  pairs: number;
  sentence: string;
}

export interface CorrelationDetails {
  target: string;
  targetKind: 'numeric' | 'categorical';
  rows: number;
  /** Strongest first. */
  factors: Factor[];
  skipped: Array<{ column: string; reason: string }>;
}

const idLike = (name: string): boolean => /(^id$|_id$|^id_|uuid|guid)/i.test(name);

function strengthWord(s: number): string {
  if (s >= 0.7) return 'very strong';
  if (s >= 0.5) return 'strong';
  if (s >= 0.3) return 'moderate';
  if (s >= 0.1) return 'weak';
  return 'negligible';
}

function kindOf(col: LoadedColumn, n: number): 'numeric' | 'categorical' | string {
  if (col.values instanceof Float64Array) {
    const distinct = new Set(col.values.filter((v) => !Number.isNaN(v))).size;
    if (distinct <= 1) return 'constant';
    if (idLike(col.name) && distinct > 0.9 * n) return 'looks like an identifier';
    return col.kind === 'boolean' ? 'categorical' : 'numeric';
  }
  const distinct = new Set(col.values.filter((v) => v !== null && v !== '')).size;
  if (distinct <= 1) return 'constant';
  if (distinct > 0.9 * n || idLike(col.name)) return 'looks like an identifier';
  if (distinct > 100) return `free text or too many categories (${distinct})`;
  return 'categorical';
}

function codesOf(col: LoadedColumn, kind: 'numeric' | 'categorical'): Codes {
  if (col.values instanceof Float64Array) {
    if (kind === 'numeric') return binNumeric(col.values, 10);
    return codeCategories(Array.from(col.values, (v) => (Number.isNaN(v) ? null : String(v))));
  }
  return codeCategories(col.values);
}

/** Ranks every other column by how strongly it goes with the target (Pearson/Spearman, eta, Cramér's V, mutual information). */
export async function runCorrelation(
  input: CorrelationInput,
  ctx: TaskContext,
): Promise<TaskResult<CorrelationDetails>> {
  const progress = new ProgressReporter(ctx.emit);
  progress.report(0, 'Reading data');
  const data = await loadTable(input.dataPath);
  const n = data.rows;
  const target = data.columns.find((c) => c.name === input.target);
  if (!target)
    throw new CodedError(
      'target-missing',
      `Column '${input.target}' not found. Columns are: ${data.columns.map((c) => c.name).join(', ')}.`,
    );
  const tk = kindOf(target, n);
  if (tk !== 'numeric' && tk !== 'categorical')
    throw new CodedError('column-type', `Target '${input.target}' cannot be correlated: ${tk}. Choose another column.`);
  // A numeric column with a handful of values (a 0/1 flag, a rating) is read as categories too.
  const targetKind =
    tk === 'numeric' && new Set((target.values as Float64Array).filter((v) => !Number.isNaN(v))).size <= 2
      ? 'categorical'
      : tk;
  const tNum = target.values instanceof Float64Array ? target.values : null;
  const tCodes = codesOf(target, targetKind);
  const factors: Factor[] = [];
  const skipped: CorrelationDetails['skipped'] = [];
  const others = data.columns.filter((c) => c !== target);
  for (const [i, col] of others.entries()) {
    checkAborted(ctx.signal);
    const kind = kindOf(col, n);
    if (kind !== 'numeric' && kind !== 'categorical') {
      skipped.push({ column: col.name, reason: kind });
      continue;
    }
    const fCodes = codesOf(col, kind);
    const mi = mutualInformation(fCodes, tCodes);
    let pairs = 0;
    for (let r = 0; r < n; r++) if (fCodes.codes[r] >= 0 && tCodes.codes[r] >= 0) pairs++;
    const f: Factor = {
      column: col.name,
      kind,
      strength: 0,
      measure: 'cramers_v',
      mutualInfo: mi,
      miCoefficient: informationCoefficient(mi),
      pairs,
      sentence: '',
    };
    if (kind === 'numeric' && tNum && targetKind === 'numeric') {
      f.pearson = pearson(col.values as Float64Array, tNum);
      f.spearman = spearman(col.values as Float64Array, tNum);
      const usePearson = Math.abs(f.pearson || 0) >= Math.abs(f.spearman || 0);
      f.measure = usePearson ? 'pearson' : 'spearman';
      const v = usePearson ? f.pearson : f.spearman;
      f.strength = Math.abs(v || 0);
      f.direction = (v || 0) >= 0 ? 'positive' : 'negative';
    } else if (kind === 'numeric' || targetKind === 'numeric') {
      const groups = kind === 'numeric' ? tCodes : fCodes;
      const values = (kind === 'numeric' ? col.values : target.values) as Float64Array;
      f.eta = correlationRatio(groups, values);
      f.measure = 'eta';
      f.strength = f.eta || 0;
      f.cramersV = cramersV(fCodes, tCodes);
      if (kind === 'numeric' && tNum && targetKind === 'categorical') {
        // A two-valued numeric target: the point-biserial correlation gives a direction.
        f.pearson = pearson(col.values as Float64Array, tNum);
        f.direction = (f.pearson || 0) >= 0 ? 'positive' : 'negative';
      }
    } else {
      f.cramersV = cramersV(fCodes, tCodes);
      f.strength = f.cramersV || 0;
    }
    const dir = f.direction
      ? `, ${f.direction}: higher ${col.name} goes with ${f.direction === 'positive' ? 'higher' : 'lower'} ${input.target}`
      : '';
    f.sentence = `${col.name}: ${strengthWord(f.strength)} association (${f.measure} ${f.strength.toFixed(2)}${dir}).`;
    factors.push(f);
    progress.report(0.05 + (0.85 * (i + 1)) / others.length, `Scored ${col.name}`);
  }
  if (factors.length === 0) throw new CodedError('dataset-invalid', 'No other column can be compared with the target.');
  factors.sort((a, b) => b.strength - a.strength || b.miCoefficient - a.miCoefficient);

  const rows: LeaderboardRow[] = [];
  const methods: Array<[ModelFamily, string, (f: Factor) => number | undefined]> = [
    ['pearson', 'Pearson correlation', (f) => (f.pearson !== undefined ? Math.abs(f.pearson) : undefined)],
    ['spearman', 'Spearman rank correlation', (f) => (f.spearman !== undefined ? Math.abs(f.spearman) : undefined)],
    ['cramers_v', "Cramér's V / correlation ratio", (f) => f.cramersV ?? f.eta],
    ['mutual_info', 'Mutual information', (f) => f.miCoefficient],
  ];
  for (const [family, label, get] of methods) {
    const scored = factors
      .map((f) => ({ f, v: get(f) }))
      .filter((x): x is { f: Factor; v: number } => x.v !== undefined && Number.isFinite(x.v));
    if (scored.length === 0) continue;
    const top = scored.reduce((a, b) => (b.v > a.v ? b : a));
    const row: LeaderboardRow = {
      modelId: family,
      family,
      label,
      params: { top: top.f.column, columns: scored.length },
      metrics: { association: top.v },
      fitSeconds: 0,
      status: 'done',
    };
    rows.push(row);
    publishRow(ctx.emit, rows, row, 'association');
  }
  const path = await writeCsv(
    artifactPath(input.artifactDir, 'factors'),
    [
      'rank',
      'column',
      'kind',
      'strength',
      'measure',
      'pearson',
      'spearman',
      'eta',
      'cramers_v',
      'mutual_info',
      'direction',
    ],
    factors.map((f, i) => [
      i + 1,
      f.column,
      f.kind,
      f.strength,
      f.measure,
      f.pearson,
      f.spearman,
      f.eta,
      f.cramersV,
      f.mutualInfo,
      f.direction,
    ]),
  );
  ctx.emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'other', path } });
  const details: CorrelationDetails = { target: input.target, targetKind, rows: n, factors, skipped };
  const bar: BarSpec = {
    kind: 'bar',
    title: `What goes with ${input.target}`,
    orientation: 'horizontal',
    showValues: true,
    bars: factors
      .slice(0, 15)
      .map((f, i) => ({ label: f.column, value: f.strength, highlight: i === 0, note: f.sentence })),
    x: { label: 'Strength of association', min: 0, max: 1, format: 'decimal2' },
  };
  progress.report(1, `Strongest: ${factors[0].column}`);
  return {
    summary: {
      task: 'correlation',
      metric: 'association',
      leaderboard: rows,
      bestModelId:
        rows.find(
          (r) =>
            r.family ===
            ({ pearson: 'pearson', spearman: 'spearman', eta: 'cramers_v', cramers_v: 'cramers_v' } as const)[
              factors[0].measure
            ],
        )?.modelId ??
        rows[0]?.modelId ??
        null,
      elapsedSeconds: progress.elapsedSeconds(),
      cancelled: false,
      artifactDir: input.artifactDir,
      featureImportance: factors.map((f) => ({ feature: f.column, importance: f.strength })),
    },
    details,
    artifacts: [{ name: ARTIFACT_FILES.factors, path }],
    charts: [{ title: 'Ranked factors', spec: bar }],
  };
}
