import { ErrorPanel } from '../../components/ErrorPanel';
import { Working } from '../../components/Spinner';
import { basenameOf } from '../../lib/data-source';
import { useAppStore } from '../app/store';
import { usePredictStore } from '../predict/store';
import { StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { ExportResult } from './ExportResult';
import { useExportStore } from './store';

const CONTENTS = [
  ['model.onnx', 'the whole pipeline, raw columns in, predictions out; runs anywhere ONNX does'],
  ['model.json', 'schema, metrics and training profile'],
  ['notebook.ipynb', 'reproduces the model in Python with pandas and scikit-learn'],
  ['report.html', 'a self-contained report with every chart, readable offline'],
  ['predictions.csv', 'holdout predictions, row by row'],
];

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';

/** EXPORT: where to save, the zip's contents, and what to do with it next. */
export function ExportPanel() {
  const name = useProjectStore((s) => s.project?.name ?? 'model');
  const status = useProjectStore((s) => s.project?.stages.EXPORT.status ?? 'pending');
  const info = useProjectStore((s) => s.project?.export);
  const { location, running, error, chooseLocation, run, openFolder } = useExportStore();
  const go = useAppStore((s) => s.go);
  const preset = usePredictStore((s) => s.useBundle);
  const done = status === 'done' && info;

  return (
    <StageShell stage="EXPORT" title="Export" lede="One zip with everything someone needs to use, check and reproduce the model." runningText="Writing the model, notebook and report…">
      {!done && status !== 'running' && (
        <section className="card export-setup" aria-labelledby="export-contents">
          <h2 id="export-contents" className="card-title">What goes in the zip</h2>
          <ul className="contents-list">
            {CONTENTS.map(([file, what]) => (
              <li key={file}>
                <code>{file}</code> <span className="muted">{what}</span>
              </li>
            ))}
          </ul>
          <div className="export-location">
            <span className="muted">Save to</span>
            <code data-testid="export-location">{location ?? `${slug(name)}.zip in the app's models folder`}</code>
            <button type="button" className="button" disabled={running} onClick={() => void chooseLocation(`${slug(name)}.zip`)} data-testid="choose-export-location">
              Choose…
            </button>
          </div>
          <div className="stage-actions inline">
            <button type="button" className="button primary" disabled={running} onClick={() => void run()} data-testid="export-button">
              {running ? 'Exporting…' : location ? `Export to ${basenameOf(location)}` : 'Export'}
            </button>
          </div>
        </section>
      )}
      {running && status !== 'running' && <Working text="Starting the export…" />}
      {error && <ErrorPanel error={error} title="Export failed" onDismiss={() => useExportStore.setState({ error: null })} />}
      {done && (
        <ExportResult
          info={info}
          onOpenFolder={() => void openFolder(info.zipPath)}
          onPredict={() => {
            preset(info.zipPath);
            go('predict');
          }}
        />
      )}
    </StageShell>
  );
}
