import type { ScaleStrategy } from '@shared/project';
import type { ColumnSpec, TfidfBlock } from './column-specs';
import { py, pyStr } from './py-literal';

const SCALERS: Record<ScaleStrategy, string | null> = {
  none: null,
  standard: 'StandardScaler()',
  minmax: 'MinMaxScaler()',
  robust: 'RobustScaler()',
};

interface Branch {
  name: string;
  /** Python expression of the transformer. */
  code: string;
  /** Columns as a list, or one column name for vectorisers that need a 1-D input. */
  columns: string[] | string;
}

function stepsPipeline(steps: Array<[string, string | null]>): string {
  const kept = steps.filter((s): s is [string, string] => s[1] !== null);
  return `Pipeline([${kept.map(([n, c]) => `(${pyStr(n)}, ${c})`).join(', ')}])`;
}

function imputer(strategy: string, indicator = false): string {
  const fill = strategy === 'constant' ? ', fill_value=0' : '';
  return `SimpleImputer(strategy=${pyStr(strategy)}${fill}${indicator ? ', add_indicator=True' : ''})`;
}

/**
 * The app's spline basis max(0, z - knot) at quantile knots, as scikit-learn's degree-1 B-splines at quantile knots:
 * the same space of continuous piecewise-linear functions (a different basis, so a penalised fit differs slightly).
 */
function splineBranch(t: Extract<ColumnSpec['treatment'], { kind: 'numeric' }>): { key: string; code: string } {
  const knots = t.splineKnots ?? 0;
  return {
    key: `spline_${knots}_${t.impute}`,
    code: stepsPipeline([
      ['impute', imputer(t.impute)],
      ['spline', `SplineTransformer(n_knots=${knots + 2}, degree=1, knots='quantile', extrapolation='linear')`],
    ]),
  };
}

/**
 * A TfidfVectorizer whose analyzer is the app's own term function (app_terms in the helpers cell): the same tokens
 * (text-terms.ts Tokens), word n-grams or char_wb n-grams, first maxTokens tokens. Vocabulary
 * choice differs slightly (scikit-learn keeps the most frequent terms, the app the terms in most documents).
 */
function vectorizerCode(b: TfidfBlock): string {
  const args = [
    `analyzer=partial(app_terms, lo=${b.ngram[0]}, hi=${b.ngram[1]}, analyzer=${pyStr(b.analyzer)}, max_tokens=${b.maxTokens ?? 'None'}, tokens=${pyStr(b.tokens)})`,
    'min_df=2',
    ...(b.maxFeatures ? [`max_features=${b.maxFeatures}`] : []),
    ...(b.sublinear ? ['sublinear_tf=True'] : []),
  ];
  return `TfidfVectorizer(${args.join(', ')})`;
}

/** The transformer for one treatment, and a short stable name used to group columns that share it. */
function branchOf(spec: ColumnSpec): { key: string; code: string; single: boolean } {
  const t = spec.treatment;
  switch (t.kind) {
    case 'numeric':
      return {
        key: `${t.fromDate ? 'date_trend' : 'numeric'}_${t.impute}_${t.scale}${t.indicator ? '_indicator' : ''}`,
        code: stepsPipeline([
          ['days', t.fromDate ? `FunctionTransformer(datetime_parts, kw_args={'parts': ['epoch_days']})` : null],
          ['impute', imputer(t.impute, t.indicator)],
          ['scale', SCALERS[t.scale]],
        ]),
        single: false,
      };
    case 'onehot':
    case 'ordinal': {
      const fill =
        t.impute === 'constant'
          ? `SimpleImputer(strategy='constant', fill_value='__missing__')`
          : `SimpleImputer(strategy='most_frequent')`;
      const enc =
        t.kind === 'onehot'
          ? `OneHotEncoder(handle_unknown='ignore')`
          : `OrdinalEncoder(handle_unknown='use_encoded_value', unknown_value=-1)`;
      return {
        key: `${t.kind}_${t.impute}`,
        code: stepsPipeline([
          ['impute', fill],
          ['encode', enc],
        ]),
        single: false,
      };
    }
    case 'target':
      return { key: 'target_encoded', code: 'MeanTargetEncoder(classes=CLASSES)', single: false };
    case 'tfidf':
      // Handled by tfidfBranches (one vectoriser per block).
      return { key: `tfidf_${spec.name}`, code: '', single: true };
    case 'datetime':
      return {
        key: `datetime_${t.parts.join('_')}_${t.scale}`,
        code: stepsPipeline([
          ['parts', `FunctionTransformer(datetime_parts, kw_args={'parts': ${py(t.parts)}})`],
          ['impute', imputer('median')],
          ['scale', SCALERS[t.scale]],
        ]),
        single: false,
      };
  }
}

function branches(specs: ColumnSpec[]): Branch[] {
  const grouped = new Map<string, Branch>();
  const out: Branch[] = [];
  const add = (key: string, code: string, column: string): void => {
    const existing = grouped.get(key);
    if (existing) (existing.columns as string[]).push(column);
    else {
      const branch = { name: key, code, columns: [column] };
      grouped.set(key, branch);
      out.push(branch);
    }
  };
  for (const spec of specs) {
    const t = spec.treatment;
    if (t.kind === 'numeric' && t.splineKnots) {
      const sb = splineBranch(t);
      add(sb.key, sb.code, spec.name);
    }
    if (t.kind === 'tfidf') {
      for (const code of t.blocks.map(vectorizerCode))
        out.push({ name: `text_${out.length}`, code, columns: spec.name });
      continue;
    }
    const b = branchOf(spec);
    if (b.single) out.push({ name: `text_${out.length}`, code: b.code, columns: spec.name });
    else add(b.key, b.code, spec.name);
  }
  return out;
}

/** `def <fnName>(): return ColumnTransformer([...])` reproducing the per-column treatment. */
export function preprocessorCode(fnName: string, specs: ColumnSpec[]): string {
  const rows = branches(specs).map((b) => {
    const cols = typeof b.columns === 'string' ? pyStr(b.columns) : py(b.columns);
    return `        (${pyStr(b.name)}, ${b.code}, ${cols}),`;
  });
  return [
    `def ${fnName}():`,
    `    return ColumnTransformer(`,
    `        [`,
    ...rows.map((r) => `    ${r}`),
    `        ],`,
    `        remainder='drop',`,
    `        sparse_threshold=0.0,  # dense output: every model below accepts it`,
    `    )`,
  ].join('\n');
}

/** True when any column uses the small target encoder defined in the helpers cell. */
export function needsTargetEncoder(specs: ColumnSpec[]): boolean {
  return specs.some((s) => s.treatment.kind === 'target');
}
