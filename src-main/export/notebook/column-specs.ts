import type { ColumnKind, ColumnPlan, ImputeStrategy, PreprocessPlan, ScaleStrategy } from '@shared/project';
import type { FeatureStep, InputKind, SinglePipeline } from '../../engine/pipeline/types';

/** One TF-IDF vectoriser over a text column (the app may fit a word block and a char_wb block on one column). */
export interface TfidfBlock {
  ngram: [number, number];
  maxFeatures: number | null;
  analyzer: 'word' | 'char_wb';
  sublinear: boolean;
  /** Only the first maxTokens tokens of a cell count (undefined: all). */
  maxTokens?: number;
  /** How a cell is split into tokens (text-terms.ts Tokens). */
  tokens: 'ascii' | 'unicode';
}

/** How one raw column becomes model features in the notebook (scikit-learn terms). */
export interface ColumnSpec {
  name: string;
  /** How the notebook reads the raw column from the file. */
  input: InputKind;
  treatment:
    | {
        kind: 'numeric';
        impute: 'mean' | 'median' | 'most_frequent' | 'constant';
        scale: ScaleStrategy;
        indicator: boolean;
        /** Interior knots of the app's piecewise-linear spline basis on this column (linear models), when it has one. */
        splineKnots?: number;
        /** A date column read as a number (its time since 1970): how linear models take a date as a trend. */
        fromDate?: boolean;
      }
    | { kind: 'onehot' | 'ordinal'; impute: 'most_frequent' | 'constant' }
    | { kind: 'target' }
    | { kind: 'tfidf'; blocks: TfidfBlock[] }
    | { kind: 'datetime'; parts: string[]; scale: ScaleStrategy };
}

const DEFAULT_PARTS = ['year', 'month', 'day', 'dayofweek'];

function inputKindOf(kind: ColumnKind | undefined): InputKind {
  switch (kind) {
    case 'numeric':
    case 'boolean':
    case 'datetime':
    case 'text':
      return kind;
    default:
      return 'categorical';
  }
}

function numericImpute(s: ImputeStrategy | undefined): 'mean' | 'median' | 'most_frequent' | 'constant' {
  // The fitted pipeline always carries an impute value, so "none" still needs a fill for unseen missing values.
  return s === 'mean' || s === 'most_frequent' || s === 'constant' ? s : 'median';
}

function categoricalImpute(s: ImputeStrategy | undefined): 'most_frequent' | 'constant' {
  return s === 'most_frequent' ? 'most_frequent' : 'constant';
}

/** Columns that feed the model according to the plan alone (no fitted pipeline to read). */
function planFeatureColumns(plan: PreprocessPlan, target: string | null): ColumnPlan[] {
  return plan.columns.filter((c) => {
    if (c.name === target) return false;
    if (c.role === 'feature' || c.role === 'text') return true;
    return c.role === 'date' && c.encode === 'datetime_parts';
  });
}

function specFromPlan(c: ColumnPlan): ColumnSpec {
  const input = c.role === 'text' ? 'text' : inputKindOf(c.kind);
  const numericLike = input === 'numeric' || input === 'boolean';
  let enc = c.encode;
  if (enc === 'none')
    enc = numericLike ? 'none' : input === 'text' ? 'tfidf' : input === 'datetime' ? 'datetime_parts' : 'onehot';
  switch (enc) {
    case 'onehot':
    case 'ordinal':
      return {
        name: c.name,
        input: numericLike ? 'categorical' : input,
        treatment: { kind: enc, impute: categoricalImpute(c.impute) },
      };
    case 'target':
      return { name: c.name, input: numericLike ? 'categorical' : input, treatment: { kind: 'target' } };
    case 'tfidf':
      return {
        name: c.name,
        input: 'text',
        treatment: {
          kind: 'tfidf',
          blocks: [{ ngram: [1, 1], maxFeatures: 5000, analyzer: 'word', sublinear: false, tokens: 'unicode' }],
        },
      };
    case 'datetime_parts':
      return { name: c.name, input: 'datetime', treatment: { kind: 'datetime', parts: DEFAULT_PARTS, scale: c.scale } };
    default:
      return {
        name: c.name,
        input,
        treatment: { kind: 'numeric', impute: numericImpute(c.impute), scale: c.scale, indicator: false },
      };
  }
}

function specFromSteps(name: string, input: InputKind, steps: FeatureStep[], c: ColumnPlan | undefined): ColumnSpec {
  // A column normally has one step; when it has several, the first decides (the others are extras like indicators).
  const step = steps[0];
  const spline = steps.find((s) => s.kind === 'spline');
  switch (step.kind) {
    case 'numeric':
    case 'spline':
      // Linear models take a date as its timestamp, imputed and standardised (fit-steps.ts): the column stays a date
      // in the notebook and becomes days since 1970 first (a number column would have read it as all missing, and
      // the raw date text failed the imputer: lubridate's Lakers shots, an ensemble with a logistic member).
      if (input === 'datetime')
        return {
          name,
          input: 'datetime',
          treatment: {
            kind: 'numeric',
            impute: 'median',
            scale: 'standard',
            indicator: step.kind === 'numeric' && step.indicator,
            fromDate: true,
          },
        };
      return {
        name,
        input: input === 'boolean' ? 'boolean' : 'numeric',
        treatment: {
          kind: 'numeric',
          impute: numericImpute(c?.impute),
          scale: c?.scale ?? (step.scale !== 1 || step.center !== 0 ? 'standard' : 'none'),
          indicator: step.kind === 'numeric' && step.indicator,
          ...(spline?.kind === 'spline' ? { splineKnots: spline.knots.length } : {}),
        },
      };
    case 'onehot':
    case 'ordinal':
      return { name, input: 'categorical', treatment: { kind: step.kind, impute: categoricalImpute(c?.impute) } };
    case 'target':
      return { name, input: 'categorical', treatment: { kind: 'target' } };
    case 'tfidf':
      return {
        name,
        input: 'text',
        treatment: {
          kind: 'tfidf',
          blocks: steps
            .filter((s) => s.kind === 'tfidf')
            .map((s) => ({
              ngram: s.ngram,
              maxFeatures: s.vocabulary.length || null,
              analyzer: s.analyzer ?? 'word',
              sublinear: s.sublinear ?? false,
              ...(s.maxTokens ? { maxTokens: s.maxTokens } : {}),
              tokens: s.tokens ?? 'ascii',
            })),
        },
      };
    case 'datetime':
      return {
        name,
        input: 'datetime',
        treatment: {
          kind: 'datetime',
          parts: step.parts.length ? step.parts : DEFAULT_PARTS,
          scale: c?.scale ?? 'none',
        },
      };
  }
}

/**
 * The notebook's per-column recipe. With a fitted pipeline, its steps say which columns are used and how each is
 * encoded (that is what the app actually trained); the plan adds the imputation and scaling strategies the steps
 * only hold as numbers. Without a pipeline the plan alone decides.
 */
export function columnSpecs(
  plan: PreprocessPlan,
  pipeline: SinglePipeline | null,
  target: string | null,
): ColumnSpec[] {
  const byName = new Map(plan.columns.map((c) => [c.name, c]));
  if (!pipeline) return planFeatureColumns(plan, target).map(specFromPlan);
  const inputKinds = new Map(pipeline.inputs.map((i) => [i.name, i.kind]));
  const stepsByColumn = new Map<string, FeatureStep[]>();
  for (const step of pipeline.steps) {
    const list = stepsByColumn.get(step.column) ?? [];
    list.push(step);
    stepsByColumn.set(step.column, list);
  }
  return [...stepsByColumn.entries()].map(([name, steps]) =>
    specFromSteps(name, inputKinds.get(name) ?? inputKindOf(byName.get(name)?.kind), steps, byName.get(name)),
  );
}
