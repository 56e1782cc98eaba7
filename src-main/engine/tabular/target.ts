import { CodedError } from '@shared/errors';
import type { FrameColumn } from '../frame/load-frame';
import type { TargetInfo } from '../preprocess/fit-steps';

export interface PreparedTarget {
  info: TargetInfo;
  classes?: string[];
  /** Rows whose target is present, in file order. */
  rows: Int32Array;
}

/** Numeric-looking class labels sort numerically ("2" before "10"), others as strings. */
function compareLabels(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Turns the target column into regression values or class codes, dropping rows where it is missing. */
export function prepareTarget(col: FrameColumn, task: 'regression' | 'classification'): PreparedTarget {
  const n = col.values.length;
  const y = new Float64Array(n).fill(NaN);
  if (task === 'regression') {
    if (!(col.values instanceof Float64Array)) {
      throw new CodedError(
        'column-type',
        `Target '${col.name}' is not numeric, so it cannot be used for regression. Choose classification or another column.`,
      );
    }
    y.set(col.values);
  } else {
    const vals = col.values;
    // Numeric labels are named by String(value) (no string per row: a 10M-row column holds a few labels).
    const numLabels =
      vals instanceof Float64Array ? new Map(distinctNumbers(vals).map((v) => [v, String(v)])) : undefined;
    const labels = new Set<string>(numLabels?.values());
    if (!numLabels) for (const v of vals as Array<string | null>) if (v !== null && v !== '') labels.add(v);
    const classes = [...labels].sort(compareLabels);
    if (classes.length < 2) {
      throw new CodedError(
        'target-missing',
        `Target '${col.name}' has ${classes.length} class${classes.length === 1 ? '' : 'es'}; classification needs at least two. Choose another target.`,
      );
    }
    const index = new Map(classes.map((c, k) => [c, k]));
    if (numLabels) {
      const code = new Map([...numLabels].map(([v, label]) => [v, index.get(label) as number]));
      const nums = vals as Float64Array;
      for (let r = 0; r < n; r++) if (!Number.isNaN(nums[r])) y[r] = code.get(nums[r]) as number;
    } else {
      const strs = vals as Array<string | null>;
      for (let r = 0; r < n; r++) {
        const v = strs[r];
        if (v !== null && v !== '') y[r] = index.get(v) as number;
      }
    }
    const rows = presentRows(y);
    return {
      info: { kind: classes.length === 2 ? 'binary' : 'multiclass', y, nClasses: classes.length },
      classes,
      rows,
    };
  }
  const rows = presentRows(y);
  if (rows.length === 0)
    throw new CodedError('target-missing', `Target '${col.name}' has no values. Choose another target.`);
  return { info: { kind: 'regression', y, nClasses: 0 }, rows };
}

function distinctNumbers(values: Float64Array): number[] {
  const seen = new Set<number>();
  for (let r = 0; r < values.length; r++) if (!Number.isNaN(values[r])) seen.add(values[r]);
  return [...seen];
}

function presentRows(y: Float64Array): Int32Array {
  const out: number[] = [];
  for (let r = 0; r < y.length; r++) if (!Number.isNaN(y[r])) out.push(r);
  return Int32Array.from(out);
}

/** "Balanced" class weights n / (C · n_c), as scikit-learn's class_weight='balanced'. */
export function balancedWeights(info: TargetInfo, rows: Int32Array): Float64Array {
  const counts = new Float64Array(info.nClasses);
  for (let i = 0; i < rows.length; i++) counts[info.y[rows[i]]]++;
  const w = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) w[i] = rows.length / (info.nClasses * counts[info.y[rows[i]]]);
  return w;
}
