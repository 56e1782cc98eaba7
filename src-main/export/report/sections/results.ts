import type { ChartSpec } from '@shared/charts';
import { figure } from '../chart';
import { esc, note, section } from '../html';

const KINDS = new Set(['bar', 'histogram', 'line', 'scatter', 'heatmap']);

function asSpec(value: unknown): ChartSpec | null {
  return typeof value === 'object' && value !== null && KINDS.has((value as { kind?: unknown }).kind as string)
    ? (value as ChartSpec)
    : null;
}

/**
 * Task-specific charts (forecast, segments, anomalies, factors) handed over as shared chart specs
 * (task-result.json `charts`). A malformed spec is skipped with a note instead of breaking the report.
 */
export function resultsSection(charts: Array<{ title: string; spec: unknown }>): string {
  const figs: string[] = [];
  const skipped: string[] = [];
  for (const c of charts) {
    const spec = asSpec(c.spec);
    try {
      if (!spec) throw new Error('not a chart spec');
      const wide =
        spec.kind === 'line' || (spec.kind === 'bar' && spec.orientation === 'horizontal' && spec.bars.length > 8);
      figs.push(
        figure({ ...spec, title: spec.title ?? c.title }, { width: wide ? 960 : 460, height: wide ? 380 : 340, wide }),
      );
    } catch {
      skipped.push(c.title);
    }
  }
  const missing = skipped.length
    ? note(`Not drawn (malformed chart data): ${skipped.map((t) => esc(t)).join(', ')}.`)
    : '';
  return section('results', 'Results', `${figs.length ? `<div class="grid">${figs.join('\n')}</div>` : ''}${missing}`);
}
