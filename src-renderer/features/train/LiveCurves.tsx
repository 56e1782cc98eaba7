import { curveSpec, metricLabel } from '@shared/charts';
import type { LeaderboardRow } from '@shared/project';
import { useMemo } from 'react';
import { Chart } from '../../components/Chart';
import { seriesPoints } from '../../lib/series';
import { parseSeriesKey } from '../training/reduce';
import { useTrainingStore } from '../training/store';
import { runLabel } from './live-rows';

/** Live validation curves, one line per model, for the ranking metric (or the loss when that is all there is). */
export function LiveCurves({ rows }: { rows: LeaderboardRow[] }) {
  const series = useTrainingStore((s) => s.series);
  const metric = useTrainingStore((s) => s.metric);
  const families = useTrainingStore((s) => s.families);

  const spec = useMemo(() => {
    const keys = Object.keys(series).map((k) => ({ key: k, ...parseSeriesKey(k) })).filter((k) => k.split === 'validation');
    if (keys.length === 0) return null;
    const names = [...new Set(keys.map((k) => k.name))];
    const name = metric && names.includes(metric) ? metric : names.includes('loss') ? 'loss' : names[0];
    const picked = keys.filter((k) => k.name === name);
    const spec = curveSpec(picked.map((k) => ({ name: runLabel(k.modelId, rows, families), ...seriesPoints(series[k.key]) })), name, 'Iteration');
    spec.title = `Validation ${metricLabel(name)}, live`;
    return spec;
  }, [series, metric, rows, families]);

  if (!spec) return <div className="chart-placeholder card muted">Curves appear here as models report their validation scores.</div>;
  return <Chart spec={spec} testId="live-curves" className="card" aspect={0.5} />;
}
