import type { RegistryModel } from '@shared/channels';
import { metricLabel } from '@shared/charts';
import { metricUnit, withUnit } from '@shared/units';
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatRelative, plural } from '../../lib/format';
import { useAppStore } from '../app/store';
import { inputText } from '../predict/model-fit';
import { usePredictStore } from '../predict/store';
import { fmtMetric } from '../train/Leaderboard';
import { useRegistryStore } from './store';
import { call } from '../../lib/api';
import { t } from '../../strings';

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
        <h1>{t.registry.title}</h1>
        <p className="lede">{t.registry.lede}</p>
      </header>
      {error && <ErrorPanel error={error} onDismiss={() => useRegistryStore.setState({ error: null })} />}
      {models && models.length === 0 && <p className="muted">{t.registry.none}</p>}
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
                {t.predict.run}
              </button>
              {(m.schema?.task === 'classification' || m.schema?.task === 'regression') && (
                <button
                  type="button"
                  className="button small"
                  onClick={() => monitor(m.modelId)}
                  data-testid={`registry-monitor-${m.modelId}`}
                >
                  {t.registry.monitor}
                  {(alerts[m.modelId] ?? 0) > 0 && (
                    <span className="badge danger" data-testid={`registry-alerts-${m.modelId}`}>
                      {plural(alerts[m.modelId], t.nouns.alert)}
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
                {t.home.delete}
              </button>
            </div>
          </div>
          <p className="model-about" data-testid={`registry-about-${m.modelId}`}>
            {m.schema && (
              <span className="block">
                {t.tasks[m.schema.task]}
                {m.schema.target ? ` ${t.registry.of(m.schema.target)}` : ''} ·{' '}
                {m.schema.task === 'image'
                  ? plural(m.schema.columns.length, t.nouns.class)
                  : t.registry.dataWith(plural(m.schema.columns.length, t.nouns.column))}
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
                <th scope="col">{t.registry.version}</th>
                <th scope="col">{t.goal.task}</th>
                <th scope="col">{t.profile.target}</th>
                <th scope="col" className="num">
                  {t.leaderboard.score}
                </th>
                <th scope="col">{t.registry.trainedOn}</th>
                <th scope="col">{t.registry.created}</th>
                <th scope="col">
                  <span className="sr-only">{t.registry.activeHead}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...m.versions].reverse().map((v) => (
                <tr key={v.version} className={v.version === m.activeVersion ? 'is-selected' : ''}>
                  <th scope="row">v{v.version}</th>
                  <td>{t.tasks[v.task]}</td>
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
                        {t.registry.movedFrom(v.movedFrom.modelId, v.movedFrom.version)}
                      </span>
                    )}
                  </td>
                  <td className="muted">{formatRelative(v.createdAt)}</td>
                  <td>
                    {v.version === m.activeVersion ? (
                      <span className="badge accent">{t.registry.active}</span>
                    ) : (
                      <button
                        type="button"
                        className="button small"
                        onClick={() => void activate(m.modelId, v.version)}
                        data-testid={`activate-${m.modelId}-${v.version}`}
                      >
                        {t.registry.makeActive}
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
          title={t.registry.deleteTitle(deleting)}
          confirmLabel={t.home.delete}
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const id = deleting;
            setDeleting(null);
            void remove(id);
          }}
        >
          {t.registry.deleteBody}
        </Dialog>
      )}
    </div>
  );
}
