import { familyGroups, rankRows, runNames } from '@shared/leaderboard';
import type { LeaderboardRow } from '@shared/project';
import type { MetricName } from '@shared/tasks';
import { withUnit } from '@shared/units';
import { Fragment, useMemo, useState } from 'react';
import { metricText, metricValue } from '../../lib/metric-text';
import { familyLabel } from './live-rows';
import { formatSeconds } from '@shared/locale';
import { formatCount, plural } from '../../lib/format';
import { t } from '../../strings';

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
  /** The unit of the ranking metric (the target's, for RMSE and MAE), shown in its header. */
  unit?: string | null;
}

/** A metric for a table (shared formatting with the report). */
export const fmtMetric = metricValue;

/** A fit time: '…' while it runs; '–' for a model that never fitted (skipped or failed before any time counted). */
export function fitTime(r: LeaderboardRow): string {
  if (r.status === 'running') return '…';
  return r.status !== 'done' && !(r.fitSeconds > 0) ? '–' : formatSeconds(r.fitSeconds);
}

/** A short line of the settings that tell runs of the same family apart ("depth 6 · lr 0.1"). */
export function paramsLine(r: LeaderboardRow, max = 3): string {
  const entries = Object.entries(r.params);
  if (entries.length === 0 || r.family === 'ensemble') return '';
  return entries
    .slice(0, max)
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${typeof v === 'number' ? Number(v.toPrecision(3)) : String(v)}`)
    .join(' · ');
}

const STATUS_TEXT = t.leaderboard.status;

/**
 * Models grouped by family, the family with the best run first; in each family the best configuration is shown and
 * the others are folded under it (a search that tried ten boosting settings is one line until unfolded). Running,
 * chosen and failed runs are always shown; a failed run says why in its row.
 */
export function Leaderboard({
  rows,
  metric,
  bestModelId,
  selectedId,
  onSelect,
  testId = 'leaderboard',
  extraMetrics = [],
  unit = null,
}: Props) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [all, setAll] = useState(false);
  const ranked = useMemo(() => rankRows(rows, metric), [rows, metric]);
  const groups = useMemo(() => familyGroups(rows, metric), [rows, metric]);
  const names = useMemo(() => runNames(rows), [rows]);
  const best =
    bestModelId ??
    (metric ? ranked.find((r) => r.status === 'done' && r.metrics[metric] !== undefined)?.modelId : undefined);
  const extras = extraMetrics.filter((m) => m !== metric && rows.some((r) => r.metrics[m] !== undefined));
  const folded = groups.reduce((n, g) => n + g.rows.length - 1, 0);
  const shows = (r: LeaderboardRow, i: number, family: string) =>
    i === 0 ||
    all ||
    open.has(family) ||
    r.modelId === selectedId ||
    r.modelId === best ||
    r.status === 'running' ||
    r.status === 'failed';
  const toggle = (family: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(family)) next.delete(family);
      else next.add(family);
      return next;
    });
  const columns = 5 + extras.length + (onSelect ? 1 : 0);

  return (
    <div className="table-scroll">
      <table className="table leaderboard" data-testid={testId} data-rows={rows.length}>
        <thead>
          <tr>
            {onSelect && (
              <th scope="col">
                <span className="sr-only">{t.leaderboard.choose}</span>
              </th>
            )}
            <th scope="col">#</th>
            <th scope="col">{t.leaderboard.model}</th>
            <th scope="col" className="num">
              {metric ? withUnit(metricText(metric), unit) : t.leaderboard.score}
            </th>
            {extras.map((m) => (
              <th key={m} scope="col" className="num">
                {metricText(m)}
              </th>
            ))}
            <th scope="col" className="num">
              {t.leaderboard.fitTime}
            </th>
            <th scope="col">{t.leaderboard.statusHead}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const hidden = g.rows.filter((r, i) => !shows(r, i, g.family)).length;
            return (
              <Fragment key={g.family}>
                {g.rows.map((r, i) =>
                  shows(r, i, g.family) ? (
                    <tr
                      key={r.modelId}
                      className={`${r.modelId === best ? 'is-best' : ''} ${r.modelId === selectedId ? 'is-selected' : ''} ${i > 0 ? 'is-sibling' : ''}`}
                      data-testid={`leaderboard-row-${r.modelId}`}
                      data-status={r.status}
                      data-family={r.family}
                    >
                      {onSelect && (
                        <td>
                          <input
                            type="radio"
                            name="chosen-model"
                            checked={r.modelId === selectedId}
                            disabled={r.status !== 'done'}
                            onChange={() => onSelect(r.modelId)}
                            aria-label={t.leaderboard.use(names.get(r.modelId) ?? r.label)}
                            data-testid={`choose-${r.modelId}`}
                          />
                        </td>
                      )}
                      <td className="num muted">{ranked.indexOf(r) + 1}</td>
                      <th scope="row">
                        {names.get(r.modelId) ?? r.label}
                        {r.modelId === best && <span className="badge accent">{t.leaderboard.best}</span>}
                        {paramsLine(r) && <span className="row-params">{paramsLine(r)}</span>}
                        {r.error && r.status !== 'done' && (
                          <span className="row-error" data-testid={`leaderboard-error-${r.modelId}`}>
                            {r.error}
                          </span>
                        )}
                      </th>
                      <td className="num strong">{metric ? fmtMetric(metric, r.metrics[metric]) : '–'}</td>
                      {extras.map((m) => (
                        <td key={m} className="num">
                          {fmtMetric(m, r.metrics[m])}
                        </td>
                      ))}
                      <td className="num">{fitTime(r)}</td>
                      <td>
                        <span className={`status status-${r.status}`}>{STATUS_TEXT[r.status]}</span>
                      </td>
                    </tr>
                  ) : null,
                )}
                {(hidden > 0 || (open.has(g.family) && g.rows.length > 1)) && !all && (
                  <tr className="family-fold">
                    <td colSpan={columns}>
                      <button
                        type="button"
                        className="button quiet small"
                        aria-expanded={open.has(g.family)}
                        onClick={() => toggle(g.family)}
                        data-testid={`${testId}-fold-${g.family}`}
                      >
                        {open.has(g.family)
                          ? t.leaderboard.fold(familyLabel(g.family))
                          : t.leaderboard.more(formatCount(hidden), familyLabel(g.family), hidden)}
                      </button>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {folded > 0 && (
        <button
          type="button"
          className="button quiet small table-toggle"
          onClick={() => setAll(!all)}
          aria-expanded={all}
          data-testid={`${testId}-toggle`}
        >
          {all ? t.leaderboard.bestOfEach : t.leaderboard.showAll(plural(rows.length, t.nouns.run))}
        </button>
      )}
    </div>
  );
}
