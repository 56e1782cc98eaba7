import { importanceSpec, metricLabel } from '@shared/charts';
import type { TrainingSummary } from '@shared/project';
import { figure } from '../chart';
import { esc, note, section } from '../html';

/** Which inputs the exported model leans on most. */
export function importanceSection(training: TrainingSummary): string {
  const items = (training.featureImportance ?? []).filter((i) => Number.isFinite(i.importance));
  if (!items.length)
    return section('importance', 'Feature importance', note('Feature importance was not computed for this model.'));
  const spec = importanceSpec(items, 15);
  const top = [...items].sort((a, b) => Math.abs(b.importance) - Math.abs(a.importance))[0];
  const body = `<p>How much the exported model relies on each input: how much its test ${esc(metricLabel(training.metric))} worsens when that column's values are shuffled among the test rows. The strongest is <code>${esc(top.feature)}</code>. Importance shows what the model uses, not what causes the outcome; a value near zero (or below) means the model does not need the column.</p>
${figure(spec, { width: 960, height: Math.max(180, 70 + spec.bars.length * 24), wide: true })}`;
  return section('importance', 'Feature importance', body);
}
