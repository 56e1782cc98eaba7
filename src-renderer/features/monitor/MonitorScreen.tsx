import { driftSpec, formatMetric, metricLabel, metricSpec, shadowSpec, volumeSpec } from '@shared/charts';
import type { ChallengeResult, MonitorState } from '@shared/monitor';
import { useEffect, useState } from 'react';
import { Chart } from '../../components/Chart';
import { DropZone } from '../../components/DropZone';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatRelative } from '../../lib/format';
import { useAppStore } from '../app/store';
import { useMonitorStore } from './store';
import { formatDecimal, formatInteger } from '@shared/locale';

const num = (m: string, v: number | null | undefined) => (v === null || v === undefined ? '–' : formatMetric(m, v));

/** Models in use: volume, live metric against the training level, drift, alerts, champion vs challenger. */
export function MonitorScreen() {
  const modelId = useAppStore((s) => s.monitorModelId);
  const go = useAppStore((s) => s.go);
  const { state, error, busy, lastFeedback, lastChallenge, load, feedback, retrain, activate, update } =
    useMonitorStore();
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
          ← Models
        </button>
        <h1>Monitor {modelId}</h1>
        {s && (
          <p className="lede" data-testid="monitor-summary">
            Version {s.activeVersion} is active. {s.log.batches} batch{s.log.batches === 1 ? '' : 'es'} logged,{' '}
            {formatInteger(s.log.rows)} rows kept ({formatDecimal(s.log.bytes / 1e6, 1)} MB). Training{' '}
            {metricLabel(s.metric)}: {num(s.metric, s.trainingLevel)}.
          </p>
        )}
      </header>
      {error && <ErrorPanel error={error} onDismiss={() => useMonitorStore.setState({ error: null })} />}
      {s && !s.monitored && <p className="muted">{s.reason}</p>}
      {s?.monitored && (
        <>
          <Alerts state={s} />
          <div className="chart-grid">
            <section className="card" data-testid="monitor-volume">
              {s.batches.length ? (
                <Chart spec={volumeSpec(s.batches)} />
              ) : (
                <p className="muted">No predictions yet. Score a file with this model on the Predict screen.</p>
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
              Outcomes
            </h2>
            <p className="muted small">
              Bring the true outcomes: the scored file with a <code>{s.target ?? 'outcome'}</code> column added, or a
              file with {s.settings.keyColumn ? <code>{s.settings.keyColumn}</code> : 'the key column'} and the outcome.
            </p>
            <DropZone
              title={busy === 'feedback' ? 'Matching outcomes…' : 'Drop outcomes (CSV)'}
              accept=".csv,.tsv,.parquet,.jsonl"
              disabled={busy !== null}
              onFile={(f) => void feedback(modelId, f)}
              testId="monitor-feedback-drop"
              inputTestId="monitor-feedback-input"
            />
            {lastFeedback && (
              <p data-testid="monitor-feedback-report">
                {lastFeedback.matched} of {lastFeedback.received} outcomes matched a logged prediction
                {lastFeedback.unmatched
                  ? `; ${lastFeedback.unmatched} did not (${lastFeedback.unmatchedKeys.join(', ')}). ${lastFeedback.unmatchedHint ?? ''}`
                  : '.'}
              </p>
            )}
          </section>
          <Shadow state={s} busy={busy !== null} onChange={(v) => void update(modelId, { shadowVersion: v })} />
          <section className="card" aria-labelledby="challenge-title" data-testid="monitor-challenge">
            <h2 id="challenge-title" className="card-title">
              Champion vs challenger
            </h2>
            <p className="muted small">
              Retrain with this model's plan on new labelled data. The challenger replaces version {s.activeVersion}{' '}
              only when it is at least {s.settings.promoteMarginPct}% better on the newest{' '}
              {Math.round(s.settings.windowFraction * 100)}% of the new rows.
            </p>
            <div className="row-actions">
              <label>
                New rows{' '}
                <select value={mode} onChange={(e) => setMode(e.target.value === 'replace' ? 'replace' : 'append')}>
                  <option value="append">added to the training data</option>
                  <option value="replace">instead of the training data</option>
                </select>
              </label>
            </div>
            <DropZone
              title={busy === 'retrain' ? 'Training the challenger…' : 'Drop new labelled data to retrain'}
              accept=".csv,.tsv,.parquet,.jsonl"
              disabled={busy !== null}
              onFile={(f) => void retrain(modelId, f, mode)}
              testId="monitor-retrain-drop"
              inputTestId="monitor-retrain-input"
            />
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
                  kind === 'rollback' ? 'Rolled back on the Monitor screen.' : 'Promoted on the Monitor screen.',
                )
              }
            />
          </section>
        </>
      )}
    </div>
  );
}

function Alerts({ state }: { state: MonitorState }) {
  if (!state.alerts.length)
    return (
      <p className="muted" data-testid="monitor-no-alerts">
        No open alerts.
      </p>
    );
  return (
    <section className="card alert-list" data-testid="monitor-alerts" aria-label="Open alerts">
      <h2 className="card-title">Open alerts ({state.alerts.length})</h2>
      <ul>
        {state.alerts.map((a) => (
          <li key={a.alertId} data-testid={`monitor-alert-${a.kind}`}>
            <span className="badge danger">{a.kind === 'metric' ? 'metric' : 'drift'}</span> {a.message}{' '}
            <span className="muted small">{formatRelative(a.openedAt)}</span>
          </li>
        ))}
      </ul>
    </section>
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
            Live {metricLabel(state.metric)} (v{ev!.version}):{' '}
            {num(state.metric, points[points.length - 1].metrics[state.metric])} on {points[points.length - 1].n} rows;
            training {num(state.metric, state.trainingLevel)}.
            {ev!.calibration ? ` Calibration error ${formatDecimal(ev!.calibration.ece * 100, 1)}%.` : ''}
          </p>
          {ev!.errors.length > 0 && (
            <p className="small muted">
              Errs most where{' '}
              {ev!.errors
                .slice(0, 3)
                .map((e) => `${e.feature} is ${e.segment}`)
                .join('; ')}
              .
            </p>
          )}
        </>
      ) : (
        <p className="muted">No outcomes yet: the live metric appears once true outcomes come back.</p>
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
          <th scope="col">When</th>
          <th scope="col">Champion</th>
          <th scope="col">Challenger</th>
          <th scope="col">Decision</th>
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
            <td>{c.promoted ? <span className="badge accent">promoted</span> : 'kept as candidate'}</td>
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
      <h3 className="small">Version changes</h3>
      <ul className="small">
        {[...state.history].reverse().map((h, i) => (
          <li key={i}>
            {formatRelative(h.at)}: v{h.version} {h.kind}
            {h.from ? ` (from v${h.from})` : ''}: {h.reason}
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
              {v < state.activeVersion ? `Roll back to v${v}` : `Promote v${v}`}
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
        Shadow mode
      </h2>
      <p className="muted small">
        A shadow version scores every file beside the active version. Its predictions are logged for comparison and
        never returned: what you get stays version {state.activeVersion}&apos;s.
      </p>
      <div className="row-actions">
        <label>
          Shadow version{' '}
          <select
            value={current === null ? '' : String(current)}
            disabled={busy || (!others.length && current === null)}
            onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
            data-testid="monitor-shadow-version"
          >
            <option value="">off</option>
            {others.map((v) => (
              <option key={v} value={String(v)}>
                v{v}
              </option>
            ))}
          </select>
        </label>
        {!others.length && <span className="muted small">This model has one version: retrain to get a candidate.</span>}
      </div>
      {state.shadows.map((c) => (
        <div key={c.version} data-testid={`monitor-shadow-${c.version}`}>
          {c.perBatch.length > 1 && <Chart spec={shadowSpec(c)} aspect={0.3} />}
          <p className="small">
            v{c.version}: {c.batches} batch{c.batches === 1 ? '' : 'es'}, {formatInteger(c.rows)} rows;{' '}
            {c.agreementKind === 'same-label'
              ? `same label as the active version on ${formatDecimal(c.agreement * 100, 1)}% of them`
              : `mean absolute difference from the active version ${formatMetric('mae', c.agreement)}`}
            .{' '}
            {c.matched
              ? `${metricLabel(c.metric)} on the ${formatInteger(c.matched)} rows with outcomes: active ${num(c.metric, c.champion)}, shadow ${num(c.metric, c.shadow)}.`
              : 'No outcomes for these rows yet.'}
          </p>
        </div>
      ))}
    </section>
  );
}
