import {
  chosenBySentence,
  formatMetric,
  isDescriptiveMetric,
  leaderboardSpec,
  lowerIsBetter,
  metricLabel,
} from '@shared/charts';
import { rankRows, runNames } from '@shared/leaderboard';
import { metricUnit, withUnit } from '@shared/units';
import type { LeaderboardRow, TrainingSummary } from '@shared/project';
import { figure } from '../chart';
import { esc, note, param, section, table } from '../html';
import { formatSeconds } from '@shared/locale';

type Metrics = LeaderboardRow['metrics'];
/** A run's status as the report's Status column says it. */
const STATUS_WORDS: Record<LeaderboardRow['status'], string> = {
  done: 'done',
  running: 'running',
  failed: 'failed',
  cancelled: 'cancelled',
  out_of_time: 'out of time',
};

const get = (m: Metrics | undefined, k: string): number | undefined =>
  m ? (m as Record<string, number | undefined>)[k] : undefined;

/** Metric columns: the optimised one first, then the others the rows share, at most `max`. */
export function metricColumns(rows: LeaderboardRow[], primary: string, max = 5): string[] {
  const seen = new Map<string, number>();
  for (const r of rows) for (const k of Object.keys(r.metrics)) seen.set(k, (seen.get(k) ?? 0) + 1);
  const others = [...seen.entries()]
    .filter(([k]) => k !== primary)
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => k);
  return [primary, ...others].slice(0, max);
}

/**
 * A run's settings, or for an ensemble or stack its members' weights: a member is named as the table names its run
 * ("Gradient boosting 3 × 0.375", kept on one line), not by the internal model id ("gradient_boosting-11=0.375").
 */
function paramsText(params: LeaderboardRow['params'], runs: Map<string, string>): string {
  const entries = Object.entries(params);
  if (!entries.length) return '';
  return entries
    .map(([k, v]) => {
      const value = typeof v === 'number' ? param(v) : String(v);
      const run = runs.get(k);
      return run ? `${run}\u00a0×\u00a0${value}` : `${k}=${value}`;
    })
    .join(', ');
}

/** The models tried, their validation (and test) scores, and a bar chart of the optimised metric. */
export function leaderboardSection(
  training: TrainingSummary,
  chosenModelId: string | null,
  target: string | null = null,
): string {
  const metric = training.metric;
  // The same ranking, run names and number format as the app's leaderboard.
  const ranked = rankRows(training.leaderboard, metric);
  const cols = metricColumns(ranked, metric);
  const labels = runNames(training.leaderboard);
  const name = (m: string) => esc(withUnit(metricLabel(m), metricUnit(m, target)));
  const hasTest = ranked.some((r) => get(r.testMetrics, metric) !== undefined);
  const head = [
    '#',
    'Model',
    ...cols.map((c) => `${name(c)}${c === metric ? ' ★' : ''}`),
    ...(hasTest ? [`Test ${name(metric)}`] : []),
    'Fit time',
    'Status',
  ];
  const rows = ranked.map((r, i) => {
    const chosen = r.modelId === chosenModelId;
    const status =
      r.status === 'done'
        ? 'done'
        : `<span class="${r.status === 'failed' ? 'warn-text' : 'muted'}">${esc(STATUS_WORDS[r.status])}</span>${r.error ? ` <span class="muted">${esc(r.error)}</span>` : ''}`;
    return [
      esc(i + 1),
      `${esc(labels.get(r.modelId) ?? r.label)}${chosen ? ' <span class="badge">exported</span>' : ''}<div class="muted small params">${esc(paramsText(r.params, labels))}</div>`,
      ...cols.map((c) => esc(formatMetric(c, get(r.metrics, c)))),
      ...(hasTest ? [esc(formatMetric(metric, get(r.testMetrics, metric)))] : []),
      esc(formatSeconds(r.fitSeconds)),
      status,
    ];
  });
  const numeric = [
    0,
    ...cols.map((_, i) => i + 2),
    ...(hasTest ? [cols.length + 2] : []),
    cols.length + (hasTest ? 3 : 2),
  ];
  // Same chart as the review screen (the builder keeps the best few and the exported one); the table lists every run.
  const scored = training.leaderboard.some((r) => r.status === 'done' && get(r.metrics, metric) !== undefined);
  const spec = leaderboardSpec(training.leaderboard, metric, chosenModelId, 12, metricUnit(metric, target));
  const chart =
    scored && !isDescriptiveMetric(metric)
      ? figure(spec, { width: 960, height: Math.max(180, 70 + spec.bars.length * 26), wide: true })
      : '';
  const chosenWhy = chosenBySentence({ ...training, bestModelId: chosenModelId ?? training.bestModelId });
  const count = (status: LeaderboardRow['status']): number =>
    training.leaderboard.filter((r) => r.status === status).length;
  const [trained, late, failed] = [count('done'), count('out_of_time'), count('failed')];
  const others = [late ? `${late} more ran out of time` : '', failed ? `${failed} failed` : ''].filter(Boolean);
  const intro = `<p>${esc(trained)} model${trained === 1 ? ' was' : 's were'} trained in ${esc(formatSeconds(training.elapsedSeconds))}${others.length ? ` (${esc(others.join(', '))})` : ''}, ranked by validation ${esc(metricLabel(metric))} (${lowerIsBetter(metric) ? 'lower' : 'higher'} is better, ★).${
    hasTest ? ' The test column scores the finished models on rows no model saw during training or selection.' : ''
  }${chosenWhy ? ` ${esc(chosenWhy)}` : ''}</p>`;
  const cancelled = training.cancelled
    ? note(
        'Training was stopped before the time budget ran out; models not finished by then are missing or marked cancelled.',
      )
    : '';
  return section(
    'models',
    'Models compared',
    `${intro}${cancelled}${chart}${table(head, rows, { numeric, className: 'leaderboard' })}`,
  );
}
