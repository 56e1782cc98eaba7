import type { ColumnPlan, Intent, PreprocessPlan } from '@shared/project';
import { horizonText, type Period } from '@shared/units';
import { COLUMN_ROWS_SHOWN, esc, pct, section, table } from '../html';

const ENCODE_WORDS: Record<string, string> = {
  none: '–',
  onehot: 'one-hot',
  ordinal: 'ordinal codes',
  target: 'target encoding',
  tfidf: 'TF-IDF',
  datetime_parts: 'date parts',
};

function roleCell(c: ColumnPlan): string {
  const cls = c.role === 'drop' || c.role === 'id' ? 'muted' : c.role === 'target' ? 'badge' : '';
  return cls ? `<span class="${cls}">${esc(c.role)}</span>` : esc(c.role);
}

function validationWords(plan: PreprocessPlan): string {
  const v = plan.validation;
  const held = `${pct(v.testFraction, 0)} of the rows held out for the final test`;
  switch (v.kind) {
    case 'kfold':
      return `${v.folds ?? 5}-fold cross-validation${v.stratified ? ' (stratified by class)' : ''}, with ${held}.`;
    case 'time':
      return `Time-ordered validation: models are always tested on rows later than those they learnt from; ${held} (the most recent).`;
    default:
      return `A single holdout split${v.stratified ? ' stratified by class' : ''}: ${held}.`;
  }
}

/** The per-column plan as confirmed (or edited) by the person, and how models were validated. */
export function planSection(plan: PreprocessPlan): string {
  const rows = plan.columns.map((c) => [
    `<code>${esc(c.name)}</code>`,
    esc(c.kind),
    roleCell(c),
    esc(c.impute === 'none' ? '–' : c.impute.replace('_', ' ')),
    esc(ENCODE_WORDS[c.encode] ?? c.encode),
    esc(c.scale === 'none' ? '–' : c.scale),
    esc(c.reason),
  ]);
  const used = plan.columns.filter((c) => c.role === 'feature' || c.role === 'text' || c.role === 'date').length;
  const dropped = plan.columns.filter((c) => c.role === 'drop' || c.role === 'id').length;
  const body = `<p>${esc(used)} column${used === 1 ? '' : 's'} feed${used === 1 ? 's' : ''} the model${dropped ? `; ${esc(dropped)} ${dropped === 1 ? 'is' : 'are'} left out` : ''}. ${esc(validationWords(plan))}${
    plan.classWeights ? ' Classes are weighted so that rare classes count as much as common ones.' : ''
  }</p>
${table(['Column', 'Kind', 'Role', 'Fill missing', 'Encode', 'Scale', 'Why'], rows, { fold: COLUMN_ROWS_SHOWN })}`;
  return section('plan', 'Preprocessing', body);
}

/**
 * How pictures become model inputs, from the image model.json (`input.preprocessing`, `backbone.architecture`,
 * `data.train` / `data.validation`). The column plan says nothing here: an image folder has no columns (the report
 * read "0 columns feed the model ... 0% of the rows held out" over an empty table).
 */
export function imagePlanSection(modelJson: object | undefined): string {
  const m = (modelJson ?? {}) as {
    input?: { preprocessing?: unknown };
    backbone?: { architecture?: unknown };
    data?: { train?: unknown; validation?: unknown };
  };
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const steps = text(m.input?.preprocessing);
  const backbone = text(m.backbone?.architecture);
  const train = count(m.data?.train);
  const held = count(m.data?.validation);
  const parts = [
    steps ? `Each picture is read the way <code>model.onnx</code> reads it: ${esc(steps)}.` : '',
    `A pretrained network${backbone ? ` (${esc(backbone)})` : ''} turns it into numbers, and the models below learn the classes from those numbers.`,
    train !== null && held !== null
      ? `${esc(train)} pictures trained the models; ${esc(held)} were held out to compare them and are the ones scored in the diagnostics.`
      : '',
  ];
  return section('plan', 'Preprocessing', `<p>${parts.filter(Boolean).join(' ')}</p>`);
}

/**
 * What a forecast reads: the series along its date, nothing per column. The column plan of a forecast is empty (the
 * report read "0 columns feed the model. A single holdout split: 0% of the rows held out" for forecast::taylor).
 */
export function forecastPlanSection(intent: Intent, period: Period | null): string {
  const series = intent.target ? `<code>${esc(intent.target)}</code>` : 'the series';
  const along = intent.date ? ` along <code>${esc(intent.date)}</code>` : '';
  const ahead = intent.horizon !== null ? ` ${esc(horizonText(intent.horizon, period))} ahead` : '';
  return section(
    'plan',
    'Preprocessing',
    `<p>The forecast reads ${series}${along} and nothing else: each method learns from the series' own past, with no per-column cleaning or encoding. The methods were compared by forecasting${ahead} from earlier points of the history and scoring against what followed (see Forecast method).</p>`,
  );
}
