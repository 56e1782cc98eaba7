import type { RegistryModel } from '@shared/channels';
import { metricLabel } from '@shared/charts';
import { metricUnit, withUnit } from '@shared/units';
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatRelative, humanize } from '../../lib/format';
import { useAppStore } from '../app/store';
import { inputText } from '../predict/model-fit';
import { usePredictStore } from '../predict/store';
import { fmtMetric } from '../train/Leaderboard';
import { useRegistryStore } from './store';
import { call } from '../../lib/api';

/** The file the newest version was trained on. */
function latestDataset(m: RegistryModel): string | undefined {
  return [...m.versions].reverse().find((v) => v.dataset)?.dataset;
}

/** Registered models: their versions, which one is active, and removal. */
export function ModelsScreen() {
  const { models, error, load, activate, remove } = useRegistryStore();
  const [deleting, setDeleting] = useState<string | null>(null);
  const go = useAppStore((s) => s.go);
  const monitor = useAppStore((s) => s.monitor);
  const [alerts, setAlerts] = useState<Record<string, number>>({});
  useEffect(() => void load(), [load]);
  useEffect(() => {
    void call('monitor:alerts', {}).then((res) => {
      if (!res.ok) return;
      const counts: Record<string, number> = {};
      for (const a of res.value) counts[a.modelId] = (counts[a.modelId] ?? 0) + 1;
      setAlerts(counts);
    });
  }, [models]);

  return (
    <div className="page" data-testid="models-screen">
      <header className="stage-head">
        <h1>Models</h1>
        <p className="lede">
          Every exported model is registered here with its versions. A model belongs to one dataset: its versions were
          all trained on the same columns. The active version is the one Predict uses.
        </p>
      </header>
      {error && <ErrorPanel error={error} onDismiss={() => useRegistryStore.setState({ error: null })} />}
      {models && models.length === 0 && <p className="muted">No models yet. Train one in a project and export it.</p>}
      {models?.map((m) => (
        <section
          key={m.modelId}
          className="card"
          aria-labelledby={`model-${m.modelId}`}
          data-testid={`registry-model-${m.modelId}`}
        >
          <div className="card-head">
            <h2 id={`model-${m.modelId}`} className="card-title">
              {m.modelId}
            </h2>
            <div className="row-actions">
              <button
                type="button"
                className="button small"
                onClick={() => {
                  usePredictStore.getState().setSource({ kind: 'model', modelId: m.modelId });
                  go('predict');
                }}
                data-testid={`registry-predict-${m.modelId}`}
              >
                Predict
              </button>
              {(m.schema?.task === 'classification' || m.schema?.task === 'regression') && (
                <button
                  type="button"
                  className="button small"
                  onClick={() => monitor(m.modelId)}
                  data-testid={`registry-monitor-${m.modelId}`}
                >
                  Monitor
                  {(alerts[m.modelId] ?? 0) > 0 && (
                    <span className="badge danger" data-testid={`registry-alerts-${m.modelId}`}>
                      {alerts[m.modelId]} alert{alerts[m.modelId] === 1 ? '' : 's'}
                    </span>
                  )}
                </button>
              )}
              <button
                type="button"
                className="button small danger"
                onClick={() => setDeleting(m.modelId)}
                data-testid={`registry-delete-${m.modelId}`}
              >
                Delete
              </button>
            </div>
          </div>
          <p className="model-about" data-testid={`registry-about-${m.modelId}`}>
            {m.schema && (
              <span className="block">
                {humanize(m.schema.task)}
                {m.schema.target ? ` of ${m.schema.target}` : ''} ·{' '}
                {m.schema.task === 'image'
                  ? `${m.schema.columns.length} classes`
                  : `data with ${m.schema.columns.length} columns`}
                {latestDataset(m) ? ` · ${latestDataset(m)}` : ''}
              </span>
            )}
            <span className="muted small block" data-testid={`registry-scores-${m.modelId}`}>
              {inputText(m.input)}
            </span>
          </p>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Task</th>
                <th scope="col">Target</th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Trained on</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Active</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...m.versions].reverse().map((v) => (
                <tr key={v.version} className={v.version === m.activeVersion ? 'is-selected' : ''}>
                  <th scope="row">v{v.version}</th>
                  <td>{humanize(v.task)}</td>
                  <td>{v.target ?? '—'}</td>
                  <td className="num">
                    {v.metric && v.score !== undefined
                      ? `${withUnit(metricLabel(v.metric), metricUnit(v.metric, v.target))} ${fmtMetric(v.metric, v.score)}`
                      : '–'}
                  </td>
                  <td className="muted">
                    {v.dataset ?? '—'}
                    {v.movedFrom && (
                      <span className="small block">
                        was {v.movedFrom.modelId} v{v.movedFrom.version} (other columns)
                      </span>
                    )}
                  </td>
                  <td className="muted">{formatRelative(v.createdAt)}</td>
                  <td>
                    {v.version === m.activeVersion ? (
                      <span className="badge accent">active</span>
                    ) : (
                      <button
                        type="button"
                        className="button small"
                        onClick={() => void activate(m.modelId, v.version)}
                        data-testid={`activate-${m.modelId}-${v.version}`}
                      >
                        Make active
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {deleting && (
        <Dialog
          title={`Delete ${deleting}?`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const id = deleting;
            setDeleting(null);
            void remove(id);
          }}
        >
          All versions of this model are removed from the registry. Zips you exported stay where you saved them.
        </Dialog>
      )}
    </div>
  );
}
