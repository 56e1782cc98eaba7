import { metricText, metricValue } from '../../lib/metric-text';
import type { LeaderboardRow } from '@shared/project';
import type { MetricName } from '@shared/tasks';
import { useMemo, useState } from 'react';
import { rankRows } from './live-rows';

interface Props {
  rows: LeaderboardRow[];
  metric: MetricName | null;
  bestModelId?: string | null;
  /** Review: pick the model to export. */
  selectedId?: string | null;
  onSelect?: (modelId: string) => void;
  testId?: string;
  /** Extra metric columns besides the ranking metric. */
  extraMetrics?: MetricName[];
  /** Rows shown before "Show all" (the chosen and running rows are always shown). */
  limit?: number;
}

/** A metric for a table (shared formatting with the report). */
export const fmtMetric = metricValue;

/** A short line of the settings that tell runs of the same family apart ("depth 6 · lr 0.1"). */
export function paramsLine(r: LeaderboardRow, max = 3): string {
  const entries = Object.entries(r.params);
  if (entries.length === 0 || r.family === 'ensemble') return '';
  return entries
    .slice(0, max)
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${typeof v === 'number' ? Number(v.toPrecision(3)) : String(v)}`)
    .join(' · ');
}

/** Models ranked by the validation metric; running and failed runs listed after the finished ones. */
export function Leaderboard({
  rows,
  metric,
  bestModelId,
  selectedId,
  onSelect,
  testId = 'leaderboard',
  extraMetrics = [],
  limit = 10,
}: Props) {
  const [expanded, setExpanded] = useState(false);
  const sorted = useMemo(() => rankRows(rows, metric), [rows, metric]);
  const best =
    bestModelId ??
    (metric ? sorted.find((r) => r.status === 'done' && r.metrics[metric] !== undefined)?.modelId : undefined);
  const visible =
    expanded || sorted.length <= limit + 2
      ? sorted
      : sorted.filter((r, i) => i < limit || r.modelId === selectedId || r.status === 'running');
  const extras = extraMetrics.filter((m) => m !== metric && rows.some((r) => r.metrics[m] !== undefined));

  return (
    <div className="table-scroll">
      <table className="table leaderboard" data-testid={testId} data-rows={rows.length}>
        <thead>
          <tr>
            {onSelect && (
              <th scope="col">
                <span className="sr-only">Choose</span>
              </th>
            )}
            <th scope="col">#</th>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              {metric ? metricText(metric) : 'Score'}
            </th>
            {extras.map((m) => (
              <th key={m} scope="col" className="num">
                {metricText(m)}
              </th>
            ))}
            <th scope="col" className="num">
              Fit time
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((r) => (
            <tr
              key={r.modelId}
              className={`${r.modelId === best ? 'is-best' : ''} ${r.modelId === selectedId ? 'is-selected' : ''}`}
              data-testid={`leaderboard-row-${r.modelId}`}
              data-status={r.status}
            >
              {onSelect && (
                <td>
                  <input
                    type="radio"
                    name="chosen-model"
                    checked={r.modelId === selectedId}
                    disabled={r.status !== 'done'}
                    onChange={() => onSelect(r.modelId)}
                    aria-label={`Use ${r.label}`}
                    data-testid={`choose-${r.modelId}`}
                  />
                </td>
              )}
              <td className="num muted">{sorted.indexOf(r) + 1}</td>
              <th scope="row">
                {r.label}
                {r.modelId === best && <span className="badge accent">best</span>}
                {paramsLine(r) && <span className="row-params">{paramsLine(r)}</span>}
              </th>
              <td className="num strong">{metric ? fmtMetric(metric, r.metrics[metric]) : '–'}</td>
              {extras.map((m) => (
                <td key={m} className="num">
                  {fmtMetric(m, r.metrics[m])}
                </td>
              ))}
              <td className="num">{r.status === 'running' ? '…' : `${r.fitSeconds.toFixed(1)} s`}</td>
              <td>
                <span className={`status status-${r.status}`} title={r.error}>
                  {r.status === 'done'
                    ? 'Done'
                    : r.status === 'running'
                      ? 'Training…'
                      : r.status === 'failed'
                        ? 'Failed'
                        : 'Cancelled'}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {visible.length < sorted.length || expanded ? (
        <button
          type="button"
          className="button quiet small table-toggle"
          onClick={() => setExpanded(!expanded)}
          aria-expanded={expanded}
          data-testid={`${testId}-toggle`}
        >
          {expanded ? `Show the best ${limit}` : `Show all ${sorted.length} runs`}
        </button>
      ) : null}
    </div>
  );
}
