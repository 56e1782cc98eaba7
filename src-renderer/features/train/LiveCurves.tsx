import { curveSpec, metricLabel } from '@shared/charts';
import type { LeaderboardRow } from '@shared/project';
import { useMemo } from 'react';
import { Chart } from '../../components/Chart';
import { seriesPoints } from '../../lib/series';
import { parseSeriesKey } from '../training/reduce';
import { useTrainingStore } from '../training/store';
import { rankRows, runLabel } from './live-rows';

/** Live validation curves, one line per model, for the ranking metric (or the loss when that is all there is). */
export function LiveCurves({ rows: unranked }: { rows: LeaderboardRow[] }) {
  const series = useTrainingStore((s) => s.series);
  const metric = useTrainingStore((s) => s.metric);
  const families = useTrainingStore((s) => s.families);
  const current = useTrainingStore((s) => (s.running ? s.currentModelId : null));
  const rows = useMemo(() => rankRows(unranked, metric), [unranked, metric]);

  const spec = useMemo(() => {
    const keys = Object.keys(series)
      .map((k) => ({ key: k, ...parseSeriesKey(k) }))
      .filter((k) => k.split === 'validation');
    if (keys.length === 0) return null;
    const names = [...new Set(keys.map((k) => k.name))];
    const name = metric && names.includes(metric) ? metric : names.includes('loss') ? 'loss' : names[0];
    const picked = pickRuns(
      keys.filter((k) => k.name === name),
      rows,
      current,
    );
    const labels = picked.map((k) => runLabel(k.modelId, rows, families));
    // Several runs of one family: number them by leaderboard rank so the legend tells them apart.
    const named = picked.map((k, i) => {
      const rank = rows.findIndex((r) => r.modelId === k.modelId);
      const dup = labels.filter((l) => l === labels[i]).length > 1;
      return {
        name: dup ? `${labels[i]} ${rank >= 0 ? `#${rank + 1}` : '(now)'}` : labels[i],
        ...seriesPoints(series[k.key]),
      };
    });
    const spec = curveSpec(named, name, 'Iteration');
    spec.title = `Validation ${metricLabel(name)}, live`;
    return spec;
  }, [series, metric, rows, families, current]);

  if (!spec)
    return (
      <div className="chart-placeholder card muted">Curves appear here as models report their validation scores.</div>
    );
  return <Chart spec={spec} testId="live-curves" className="card" aspect={0.5} />;
}

const MAX_CURVES = 5;

/** The run training now plus the best-ranked finished runs, at most five lines (more is noise). */
function pickRuns<T extends { modelId: string }>(keys: T[], rows: LeaderboardRow[], current: string | null): T[] {
  const rank = (id: string) => {
    const i = rows.findIndex((r) => r.modelId === id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const sorted = [...keys].sort((a, b) =>
    a.modelId === current ? -1 : b.modelId === current ? 1 : rank(a.modelId) - rank(b.modelId),
  );
  const chosen = new Set(sorted.slice(0, MAX_CURVES));
  // Back in arrival order, so each run keeps its colour while the ranking changes.
  return keys.filter((k) => chosen.has(k));
}
