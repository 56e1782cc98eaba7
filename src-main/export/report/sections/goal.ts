import type { Intent } from '@shared/project';
import { horizonText, type Period } from '@shared/units';
import { esc, pct, section, table } from '../html';

const TASK_WORDS: Record<string, string> = {
  classification: 'classification (predict a category)',
  regression: 'regression (predict a number)',
  forecast: 'forecasting (predict future values of a series)',
  segment: 'segmentation (group similar rows)',
  anomaly: 'anomaly detection (find unusual rows)',
  correlation: 'correlation (find related factors)',
  summary: 'summary statistics',
  sentiment: 'sentiment scoring',
  image: 'image classification',
};

export function taskWords(task: string): string {
  return TASK_WORDS[task] ?? task;
}

/** The goal sentence as written, and how the app read it. */
export function goalSection(goal: string, intent: Intent, period: Period | null = null): string {
  const rows: string[][] = [['Task', esc(taskWords(intent.task))]];
  if (intent.target !== null) rows.push(['Target column', `<code>${esc(intent.target)}</code>`]);
  if (intent.date) rows.push(['Date column', `<code>${esc(intent.date)}</code>`]);
  if (intent.horizon !== null) rows.push(['Horizon', esc(horizonText(intent.horizon, period))]);
  if (intent.k !== null) rows.push(['Number of groups', esc(intent.k)]);
  if (intent.textColumn) rows.push(['Text column', `<code>${esc(intent.textColumn)}</code>`]);
  rows.push(['Confidence', esc(pct(intent.confidence, 0))]);
  const alternatives = intent.alternatives.length
    ? `<p>Other readings considered: ${intent.alternatives
        .map(
          (a) => `${esc(a.task)}${a.target ? ` of <code>${esc(a.target)}</code>` : ''} (${esc(pct(a.confidence, 0))})`,
        )
        .join('; ')}.</p>`
    : '';
  const body = `
<blockquote class="goal">${goal.trim() ? esc(goal) : '<span class="muted">(no goal sentence was given)</span>'}</blockquote>
<p>${esc(intent.explanation)}</p>
${table(['', ''], rows, { className: 'kv' })}
${alternatives}`;
  return section('goal', 'The goal', body);
}
