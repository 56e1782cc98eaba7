import type { ColumnPlan, PreprocessPlan } from '@shared/project';
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
