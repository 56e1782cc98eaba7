import type { AnomalyTopRow } from '@shared/anomaly';
import type { TrainingDiagnostics } from '@shared/diagnostics';

/** The anomaly review's rows, read from `diagnostics.details` (the anomaly job's AnomalyDetails). */
export type AnomalyRow = AnomalyTopRow;

export interface AnomalyReview {
  rows: number;
  flagged: number;
  /** The method whose flags are reported, and why it was chosen. */
  method: string;
  why: string;
  methods: Array<{ method: string; rule: string; flagged: number; agreement: number }>;
  top: AnomalyRow[];
  /** The columns shown for each row, in order. */
  columns: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/** Null when the summary is not an anomaly run's (or comes from a version without the review fields). */
export function readAnomalies(diagnostics: TrainingDiagnostics | undefined): AnomalyReview | null {
  const d = diagnostics && 'details' in diagnostics ? diagnostics.details : undefined;
  if (!isObject(d) || !Array.isArray(d.top) || !isObject(d.choice) || !Array.isArray(d.methods)) return null;
  const top: AnomalyRow[] = d.top.filter(isObject).map((t) => ({
    row: num(t.row),
    score: num(t.score),
    zscore: num(t.zscore),
    iqrScore: num(t.iqrScore),
    flagged: t.flagged === true,
    reasons: Array.isArray(t.reasons) ? t.reasons.map(String) : [],
    columns: Array.isArray(t.columns) ? t.columns.map(String) : [],
    values: isObject(t.values) ? (t.values as AnomalyRow['values']) : {},
  }));
  const columns = top.length ? Object.keys(top[0].values) : [];
  return {
    rows: num(d.rows),
    flagged: num(d.flagged),
    method: String(d.choice.method),
    why: String(d.choice.why ?? ''),
    methods: d.methods.filter(isObject).map((m) => ({
      method: String(m.method),
      rule: String(m.rule),
      flagged: num(m.flagged),
      agreement: num(m.agreement),
    })),
    top,
    columns,
  };
}
