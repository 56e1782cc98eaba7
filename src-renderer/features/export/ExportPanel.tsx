import { explainerTravels } from '@shared/explain';
import { bundleEntries, bundleName } from '@shared/bundle';
import { useEffect } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Working } from '../../components/Spinner';
import { useAppStore } from '../app/store';
import { usePredictStore } from '../predict/store';
import { StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { ExportResult } from './ExportResult';
import { RegisterChoice } from './RegisterChoice';
import { useExportStore } from './store';
import { t } from '../../strings';

/** EXPORT: where to save, the zip's contents, and what to do with it next. */
export function ExportPanel() {
  const name = useProjectStore((s) => s.project?.name ?? 'model');
  const status = useProjectStore((s) => s.project?.stages.EXPORT.status ?? 'pending');
  const info = useProjectStore((s) => s.project?.export);
  const { location, running, error, include, setInclude, chooseLocation, run } = useExportStore();
  const { options, register, loadOptions, setRegister } = useExportStore();
  const go = useAppStore((s) => s.go);
  const preset = usePredictStore((s) => s.setSource);
  const done = status === 'done' && info;
  const task = useProjectStore((s) => s.project?.training?.task ?? s.project?.intent?.task ?? 'regression');
  const dataBytes = useProjectStore((s) => s.project?.dataset?.bytes);
  const projectId = useProjectStore((s) => s.project?.id);
  // One list for this step, the zip and the report: every file the task's bundle can hold, and which go in.
  const explained = useProjectStore((s) => explainerTravels(s.project?.training, s.project?.chosenModelId));
  const contents = bundleEntries(task, { dataBytes, explained });
  const included = bundleEntries(task, { dataBytes, include, explained }).map((e) => e.file);
  useEffect(() => {
    if (projectId && !done) void loadOptions(projectId);
  }, [projectId, done, loadOptions]);

  return (
    <StageShell stage="EXPORT" title={t.export.title} lede={t.export.lede} runningText={t.export.running} retry={false}>
      {!done && status !== 'running' && (
        <section className="card export-setup" aria-labelledby="export-contents">
          <h2 id="export-contents" className="card-title">
            {t.export.contents}
          </h2>
          <ul className="contents-list" data-testid="export-list" data-files={included.join(',')}>
            {contents.map(({ file, what, part }) => (
              <li key={file} data-testid={`bundle-file-${file}`}>
                {part ? (
                  <label>
                    <input
                      type="checkbox"
                      checked={include[part]}
                      disabled={running}
                      onChange={(e) => setInclude(part, e.target.checked)}
                      data-testid={`include-${part}`}
                    />
                    <span>
                      <code>{file}</code> <span className="muted">{what}</span>
                    </span>
                  </label>
                ) : (
                  <span className="contents-fixed">
                    <input type="checkbox" checked disabled aria-label={t.export.always(file)} />
                    <span>
                      <code>{file}</code> <span className="muted">{what}</span>
                    </span>
                  </span>
                )}
              </li>
            ))}
          </ul>
          {options && <RegisterChoice options={options} choice={register} onChange={setRegister} disabled={running} />}
          <div className="export-location">
            <span className="muted">{t.export.saveTo}</span>
            <code data-testid="export-location">
              {location ? (location.location ?? location.name) : t.export.defaultLocation(`${bundleName(name)}.zip`)}
            </code>
            <button
              type="button"
              className="button"
              disabled={running}
              onClick={() => void chooseLocation(`${bundleName(name)}.zip`)}
              data-testid="choose-export-location"
            >
              {t.export.choose}
            </button>
          </div>
          <div className="stage-actions inline">
            <button
              type="button"
              className="button primary"
              disabled={running}
              onClick={() => void run()}
              data-testid="export-button"
            >
              {running ? t.export.exporting : location ? t.export.exportTo(location.name) : t.export.export}
            </button>
          </div>
        </section>
      )}
      {running && status !== 'running' && <Working text={t.export.starting} />}
      {error && (
        <ErrorPanel error={error} title={t.export.failed} onDismiss={() => useExportStore.setState({ error: null })} />
      )}
      {done && (
        <ExportResult
          info={info}
          onError={(e) => useExportStore.setState({ error: e })}
          onPredict={
            info.modelId
              ? () => {
                  // The export registered the model: predict with it there.
                  preset({ kind: 'model', modelId: info.modelId! });
                  go('predict');
                }
              : null
          }
        />
      )}
    </StageShell>
  );
}
