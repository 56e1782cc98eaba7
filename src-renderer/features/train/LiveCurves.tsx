import { curveSpec, metricLabel } from '@shared/charts';
import { rankRows, runNames } from '@shared/leaderboard';
import type { LeaderboardRow } from '@shared/project';
import { metricUnit, withUnit } from '@shared/units';
import { useMemo } from 'react';
import { Chart } from '../../components/Chart';
import { seriesPoints } from '../../lib/series';
import { useProjectStore } from '../project/store';
import { parseSeriesKey } from '../training/reduce';
import { useTrainingStore } from '../training/store';
import { familyLabel } from './live-rows';
import { t } from '../../strings';

/**
 * Live validation curves, one line per run, named as the leaderboard names the run. A regression's loss arrives as
 * the mean squared error, whose scale (millions for prices) flattens every curve: it is drawn as RMSE, in the
 * target's unit, on the same scale as the leaderboard.
 */
export function LiveCurves({ rows: unranked }: { rows: LeaderboardRow[] }) {
  const series = useTrainingStore((s) => s.series);
  const metric = useTrainingStore((s) => s.metric);
  const families = useTrainingStore((s) => s.families);
  const current = useTrainingStore((s) => (s.running ? s.currentModelId : null));
  const task = useProjectStore((s) => s.project?.intent?.task);
  const target = useProjectStore((s) => s.project?.intent?.target ?? null);
  const rows = useMemo(() => rankRows(unranked, metric), [unranked, metric]);
  const names = useMemo(() => runNames(unranked), [unranked]);

  const spec = useMemo(() => {
    const keys = Object.keys(series)
      .map((k) => ({ key: k, ...parseSeriesKey(k) }))
      .filter((k) => k.split === 'validation');
    if (keys.length === 0) return null;
    const available = [...new Set(keys.map((k) => k.name))];
    const name = metric && available.includes(metric) ? metric : available.includes('loss') ? 'loss' : available[0];
    const asRmse = name === 'loss' && task === 'regression';
    const shown = asRmse ? 'rmse' : name;
    const picked = pickRuns(
      keys.filter((k) => k.name === name),
      rows,
      current,
    );
    const named = picked.map((k) => {
      const points = seriesPoints(series[k.key]);
      return {
        name: names.get(k.modelId) ?? (families[k.modelId] ? familyLabel(families[k.modelId]) : k.modelId),
        steps: points.steps,
        values: asRmse ? points.values.map((v) => Math.sqrt(Math.max(0, v))) : points.values,
      };
    });
    const spec = curveSpec(named, shown, t.train.iteration);
    spec.title = t.train.liveTitle(metricLabel(shown));
    if (spec.y) spec.y = { ...spec.y, label: withUnit(metricLabel(shown), metricUnit(shown, target)) };
    return spec;
  }, [series, metric, rows, names, families, current, task, target]);

  if (!spec) return <div className="chart-placeholder card muted">{t.train.curvesPlaceholder}</div>;
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
