import { driftSpec, formatMetric, metricLabel, metricSpec, shadowSpec, volumeSpec } from '@shared/charts';
import type { ChallengeResult, MonitorState } from '@shared/monitor';
import { useEffect, useState } from 'react';
import { Chart } from '../../components/Chart';
import { DropZone } from '../../components/DropZone';
import { ErrorPanel } from '../../components/ErrorPanel';
import { JobProgressCard } from '../jobs/JobProgressCard';
import { formatPercent, formatRelative, plural } from '../../lib/format';
import { useAppStore } from '../app/store';
import { useMonitorStore } from './store';
import { Alerts } from './Alerts';
import { formatDecimal, formatInteger } from '@shared/locale';
import { t } from '../../strings';

const num = (m: string, v: number | null | undefined) => (v === null || v === undefined ? '–' : formatMetric(m, v));

/** Models in use: volume, live metric against the training level, drift, alerts, champion vs challenger. */
export function MonitorScreen() {
  const modelId = useAppStore((s) => s.monitorModelId);
  const go = useAppStore((s) => s.go);
  const { state, error, busy, stopping, lastFeedback, lastChallenge, load, feedback, retrain, cancelRetrain } =
    useMonitorStore();
  const { activate, update } = useMonitorStore();
  const [mode, setMode] = useState<'append' | 'replace'>('append');
  useEffect(() => {
    if (modelId) void load(modelId);
  }, [modelId, load]);
  if (!modelId) return null;
  const s = state?.modelId === modelId ? state : null;

  return (
    <div className="page" data-testid="monitor-screen">
      <header className="stage-head">
        <button type="button" className="button small" onClick={() => go('models')}>
          {t.monitor.back}
        </button>
        <h1>{t.monitor.title(modelId)}</h1>
        {s && (
          <p className="lede" data-testid="monitor-summary">
            {t.monitor.summary({
              version: s.activeVersion,
              batches: plural(s.log.batches, t.nouns.batch),
              rows: plural(s.log.rows, t.nouns.row),
              megabytes: formatDecimal(s.log.bytes / 1e6, 1),
              metric: metricLabel(s.metric),
              level: num(s.metric, s.trainingLevel),
            })}
          </p>
        )}
      </header>
      {error && (
        <ErrorPanel
          // A cancel the person asked for is a notice saying what is left, as a cancelled prediction is.
          error={error.code === 'cancelled' ? { ...error, message: t.monitor.retrainCancelledNote } : error}
          title={error.code === 'cancelled' ? t.monitor.retrainCancelled : undefined}
          advice={error.code === 'cancelled' ? null : undefined}
          testId={error.code === 'cancelled' ? 'monitor-retrain-cancelled' : undefined}
          onDismiss={() => useMonitorStore.setState({ error: null })}
        />
      )}
      {s && !s.monitored && <p className="muted">{s.reason}</p>}
      {s?.monitored && (
        <>
          <Alerts state={s} />
          <div className="chart-grid">
            <section className="card" data-testid="monitor-volume">
              {s.batches.length ? (
                <Chart spec={volumeSpec(s.batches)} />
              ) : (
                <p className="muted">{t.monitor.noPredictions}</p>
              )}
            </section>
            <MetricCard state={s} />
            {s.batches.length > 0 && (
              <section className="card wide" data-testid="monitor-drift">
                <Chart
                  spec={driftSpec(s.features, s.batches, s.settings.thresholds.psiAlert)}
                  aspect={Math.min(0.5, 0.14 + 0.05 * s.features.length)}
                />
              </section>
            )}
          </div>
          <section className="card" aria-labelledby="feedback-title">
            <h2 id="feedback-title" className="card-title">
              {t.monitor.outcomes}
            </h2>
            <p className="muted small">
              {t.monitor.bring.before} <code>{s.target ?? t.monitor.bring.outcome}</code> {t.monitor.bring.middle}{' '}
              {s.settings.keyColumn ? <code>{s.settings.keyColumn}</code> : t.monitor.bring.key} {t.monitor.bring.after}
            </p>
            <DropZone
              title={busy === 'feedback' ? t.monitor.matching : t.monitor.dropOutcomes}
              accept=".csv,.tsv,.parquet,.jsonl"
              disabled={busy !== null}
              onFile={(f) => void feedback(modelId, f)}
              testId="monitor-feedback-drop"
              inputTestId="monitor-feedback-input"
            />
            {lastFeedback && (
              <p data-testid="monitor-feedback-report">
                {t.monitor.matched(formatInteger(lastFeedback.matched), formatInteger(lastFeedback.received))}
                {lastFeedback.unmatched
                  ? t.monitor.unmatched(
                      formatInteger(lastFeedback.unmatched),
                      lastFeedback.unmatchedKeys.join(', '),
                      lastFeedback.unmatchedHint ?? '',
                    )
                  : '.'}
              </p>
            )}
          </section>
          <Shadow state={s} busy={busy !== null} onChange={(v) => void update(modelId, { shadowVersion: v })} />
          <section className="card" aria-labelledby="challenge-title" data-testid="monitor-challenge">
            <h2 id="challenge-title" className="card-title">
              {t.monitor.challenge}
            </h2>
            <p className="muted small">
              {t.monitor.challengeLede(
                s.activeVersion,
                formatPercent(s.settings.promoteMarginPct / 100, Number.isInteger(s.settings.promoteMarginPct) ? 0 : 1),
                formatPercent(s.settings.windowFraction),
              )}
            </p>
            <div className="row-actions">
              <label>
                {t.monitor.newRows}{' '}
                <select value={mode} onChange={(e) => setMode(e.target.value === 'replace' ? 'replace' : 'append')}>
                  <option value="append">{t.monitor.append}</option>
                  <option value="replace">{t.monitor.replace}</option>
                </select>
              </label>
            </div>
            <DropZone
              title={busy === 'retrain' ? t.monitor.training : t.monitor.dropRetrain}
              accept=".csv,.tsv,.parquet,.jsonl"
              disabled={busy !== null}
              onFile={(f) => void retrain(modelId, f, mode)}
              testId="monitor-retrain-drop"
              inputTestId="monitor-retrain-input"
            />
            {busy === 'retrain' && (
              <JobProgressCard
                progress={null}
                job="retrain"
                waitingText={t.monitor.training}
                onCancel={() => void cancelRetrain()}
                stopping={stopping}
                testId="monitor-retrain-progress"
                cancelTestId="monitor-retrain-cancel"
              />
            )}
            {lastChallenge && (
              <p data-testid="monitor-challenge-reason" className={lastChallenge.promoted ? 'ok' : ''}>
                {lastChallenge.reason}
              </p>
            )}
            <Challenges challenges={s.challenges} />
            <History
              state={s}
              onActivate={(v, kind) =>
                void activate(
                  modelId,
                  v,
                  kind,
                  kind === 'rollback' ? t.monitor.rolledBackReason : t.monitor.promotedReason,
                )
              }
            />
          </section>
        </>
      )}
    </div>
  );
}

function MetricCard({ state }: { state: MonitorState }) {
  const ev = state.evaluations.find((e) => e.version === state.activeVersion) ?? state.evaluations[0];
  const perWeek = (ev?.perWeek.length ?? 0) > 1;
  const points = ev ? (perWeek ? ev.perWeek : ev.perBatch) : [];
  return (
    <section className="card" data-testid="monitor-metric">
      {points.length ? (
        <>
          <Chart spec={metricSpec(state.metric, points, state.trainingLevel, perWeek ? 'week' : 'batch')} />
          <p className="small" data-testid="monitor-live-metric">
            {t.monitor.live({
              metric: metricLabel(state.metric),
              version: ev!.version,
              value: num(state.metric, points[points.length - 1].metrics[state.metric]),
              rows: plural(points[points.length - 1].n, t.nouns.row),
              training: num(state.metric, state.trainingLevel),
            })}
            {ev!.calibration ? ` ${t.monitor.calibration(formatPercent(ev!.calibration.ece, 1))}` : ''}
          </p>
          {ev!.errors.length > 0 && (
            <p className="small muted">
              {t.monitor.errsMost(
                ev!.errors
                  .slice(0, 3)
                  .map((e) => t.monitor.where(e.feature, e.segment))
                  .join('; '),
              )}
            </p>
          )}
        </>
      ) : (
        <p className="muted">{t.monitor.noOutcomes}</p>
      )}
    </section>
  );
}

function Challenges({ challenges }: { challenges: ChallengeResult[] }) {
  if (!challenges.length) return null;
  return (
    <table className="table compact" data-testid="monitor-challenges">
      <thead>
        <tr>
          <th scope="col">{t.monitor.when}</th>
          <th scope="col">{t.monitor.champion}</th>
          <th scope="col">{t.monitor.challenger}</th>
          <th scope="col">{t.monitor.decision}</th>
        </tr>
      </thead>
      <tbody>
        {[...challenges].reverse().map((c) => (
          <tr key={c.challengeId}>
            <td className="muted">{formatRelative(c.at)}</td>
            <td>
              v{c.champion.version}: {num(c.metric, c.champion.window)}
            </td>
            <td>
              v{c.challenger.version}: {num(c.metric, c.challenger.window)}
            </td>
            <td>{c.promoted ? <span className="badge accent">{t.monitor.promoted}</span> : t.monitor.kept}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function History({
  state,
  onActivate,
}: {
  state: MonitorState;
  onActivate: (version: number, kind: 'promote' | 'rollback') => void;
}) {
  const versions = [...new Set(state.history.flatMap((h) => [h.version, ...(h.from ? [h.from] : [])]))].sort(
    (a, b) => b - a,
  );
  if (!state.history.length) return null;
  return (
    <div data-testid="monitor-history">
      <h3 className="small">{t.monitor.changes}</h3>
      <ul className="small">
        {[...state.history].reverse().map((h, i) => (
          <li key={i}>
            {formatRelative(h.at)}: v{h.version} {t.monitor.kinds[h.kind]}
            {h.from ? ` ${t.monitor.fromVersion(h.from)}` : ''}: {h.reason}
          </li>
        ))}
      </ul>
      <div className="row-actions">
        {versions
          .filter((v) => v !== state.activeVersion)
          .map((v) => (
            <button
              key={v}
              type="button"
              className="button small"
              onClick={() => onActivate(v, v < state.activeVersion ? 'rollback' : 'promote')}
              data-testid={`monitor-activate-${v}`}
            >
              {v < state.activeVersion ? t.monitor.rollBackTo(v) : t.monitor.promote(v)}
            </button>
          ))}
      </div>
    </div>
  );
}

/** Shadow mode: pick a version to score every batch beside the active one, and see both side by side. */
function Shadow({
  state,
  busy,
  onChange,
}: {
  state: MonitorState;
  busy: boolean;
  onChange: (version: number | null) => void;
}) {
  const others = state.versions.filter((v) => v !== state.activeVersion);
  const current = state.settings.shadowVersion;
  return (
    <section className="card" aria-labelledby="shadow-title" data-testid="monitor-shadow">
      <h2 id="shadow-title" className="card-title">
        {t.monitor.shadow}
      </h2>
      <p className="muted small">{t.monitor.shadowLede(state.activeVersion)}</p>
      <div className="row-actions">
        <label>
          {t.monitor.shadowVersion}{' '}
          <select
            value={current === null ? '' : String(current)}
            disabled={busy || (!others.length && current === null)}
            onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
            data-testid="monitor-shadow-version"
          >
            <option value="">{t.monitor.off}</option>
            {others.map((v) => (
              <option key={v} value={String(v)}>
                v{v}
              </option>
            ))}
          </select>
        </label>
        {!others.length && <span className="muted small">{t.monitor.oneVersion}</span>}
      </div>
      {state.shadows.map((c) => (
        <div key={c.version} data-testid={`monitor-shadow-${c.version}`}>
          {c.perBatch.length > 1 && <Chart spec={shadowSpec(c)} aspect={0.3} />}
          <p className="small">
            {t.monitor.shadowLine(c.version, plural(c.batches, t.nouns.batch), plural(c.rows, t.nouns.row))}{' '}
            {c.agreementKind === 'same-label'
              ? t.monitor.sameLabel(formatPercent(c.agreement, 1))
              : t.monitor.meanDifference(formatMetric('mae', c.agreement))}
            .{' '}
            {c.matched
              ? t.monitor.shadowOutcomes({
                  metric: metricLabel(c.metric),
                  rows: formatInteger(c.matched),
                  active: num(c.metric, c.champion),
                  shadow: num(c.metric, c.shadow),
                })
              : t.monitor.noShadowOutcomes}
          </p>
        </div>
      ))}
    </section>
  );
}
