import {
  dependenceSentence,
  dependenceSpec,
  partialDependenceSentence,
  partialDependenceSpec,
  summaryBarSpec,
  summarySentence,
  summarySpec,
  waterfallSentence,
  waterfallSpec,
} from '@shared/charts';
import { methodWords } from '@shared/explain';
import type { TrainingSummary } from '@shared/project';
import { figure } from '../chart';
import { esc, note, section } from '../html';

/** Why the exported model predicts what it does: the same charts and sentences as the Review screen. */
export function explanationsSection(training: TrainingSummary, exportedId: string | null): string {
  const m = training.explanations;
  if (!m)
    return section(
      'explanations',
      'Why it predicts',
      note('This model was not explained (SHAP values were not computed).'),
    );
  const chosen = (exportedId ?? training.bestModelId) === m.modelId;
  const fig = (spec: Parameters<typeof figure>[0], sentence: string, h: number, wide = false) =>
    figure(spec, { width: wide ? 960 : 620, height: h, wide, caption: esc(sentence) });
  const rows = Math.min(10, m.beeswarm.length);
  const example = m.examples[0];
  const parts = [
    `<p>How much each column moved the predictions of ${m.rows} held-out rows, ${esc(methodWords(m.how))}. A row's effects add up to its prediction minus the average prediction (${esc(String(Number(m.base.toPrecision(4))))}). Like importance, effects describe the model, not what causes the outcome.${chosen ? '' : ' They describe the best model, not the one exported.'}</p>`,
    fig(summarySpec(m), summarySentence(m), 90 + rows * 42, true),
    fig(
      summaryBarSpec(m),
      'The same effects as one bar per column: the average size of its effect, and which way higher values push.',
      70 + Math.min(15, m.columns.length) * 24,
      true,
    ),
  ];
  if (example)
    parts.push(
      `<h3>One held-out row (data row ${example.row + 1})</h3>`,
      fig(
        waterfallSpec(example.explanation),
        waterfallSentence(example.explanation),
        150 + Math.min(11, example.explanation.contributions.length) * 30,
        true,
      ),
    );
  if (m.dependence.length)
    parts.push(
      '<h3>Effect of the strongest columns</h3>',
      `<div class="grid">${m.dependence.map((d) => fig(dependenceSpec(d, m), dependenceSentence(d, m), 380)).join('\n')}</div>`,
    );
  if (m.partialDependence.length)
    parts.push(
      '<h3>Prediction as one column changes</h3>',
      `<div class="grid">${m.partialDependence.map((p) => fig(partialDependenceSpec(p, m), partialDependenceSentence(p, m), 380)).join('\n')}</div>`,
    );
  return section('explanations', 'Why it predicts', parts.join('\n'));
}
