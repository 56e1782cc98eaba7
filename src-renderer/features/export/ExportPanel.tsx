import type { ExportContents } from '@shared/channels';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Working } from '../../components/Spinner';
import { useAppStore } from '../app/store';
import { usePredictStore } from '../predict/store';
import { StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { ExportResult } from './ExportResult';
import { useExportStore } from './store';

/** What goes in the zip; `part` marks the optional pieces (model.onnx and model.json always go in). */
type Entry = { file: string; what: string; part?: keyof ExportContents };

const CONTENTS: Entry[] = [
  { file: 'model.onnx', what: 'the whole pipeline, raw inputs in, predictions out; runs anywhere ONNX does' },
  { file: 'model.json', what: 'schema, metrics and training profile' },
  { file: 'report.html', what: 'a self-contained report with every chart, readable offline', part: 'report' },
  { file: 'notebook.ipynb', what: 'reproduces the model in Python with pandas and scikit-learn', part: 'notebook' },
  { file: 'predictions.csv', what: 'holdout predictions, row by row', part: 'predictions' },
  { file: 'data.csv', what: 'the training data, so the notebook runs as is (up to 50 MB)', part: 'data' },
];

/** An image model's bundle: one graph from pixels to classes; no training table (data.csv) to ship. */
const IMAGE_CONTENTS: Entry[] = [
  {
    file: 'model.onnx',
    what: 'backbone and trained head in one graph: an image tensor in, the class and its probabilities out',
  },
  { file: 'model.json', what: 'classes, input size and normalisation, metrics' },
  {
    file: 'report.html',
    what: 'a self-contained report with the confusion matrix and per-class scores, readable offline',
    part: 'report',
  },
  {
    file: 'notebook.ipynb',
    what: 'loads the images and scores model.onnx in Python (when the export writes one)',
    part: 'notebook',
  },
  {
    file: 'predictions.csv',
    what: 'the holdout images with their predicted class and probabilities',
    part: 'predictions',
  },
];

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'model';

/** EXPORT: where to save, the zip's contents, and what to do with it next. */
export function ExportPanel() {
  const name = useProjectStore((s) => s.project?.name ?? 'model');
  const status = useProjectStore((s) => s.project?.stages.EXPORT.status ?? 'pending');
  const info = useProjectStore((s) => s.project?.export);
  const { location, running, error, include, setInclude, chooseLocation, run, openFolder } = useExportStore();
  const go = useAppStore((s) => s.go);
  const preset = usePredictStore((s) => s.setSource);
  const done = status === 'done' && info;
  const task = useProjectStore((s) => s.project?.training?.task ?? s.project?.intent?.task);
  const contents = task === 'image' ? IMAGE_CONTENTS : CONTENTS;

  return (
    <StageShell
      stage="EXPORT"
      title="Export"
      lede="One zip with everything someone needs to use, check and reproduce the model."
      runningText="Writing the model, notebook and report…"
    >
      {!done && status !== 'running' && (
        <section className="card export-setup" aria-labelledby="export-contents">
          <h2 id="export-contents" className="card-title">
            What goes in the zip
          </h2>
          <ul className="contents-list">
            {contents.map(({ file, what, part }) => (
              <li key={file}>
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
                    <input type="checkbox" checked disabled aria-label={`${file} is always included`} />
                    <span>
                      <code>{file}</code> <span className="muted">{what}</span>
                    </span>
                  </span>
                )}
              </li>
            ))}
          </ul>
          <div className="export-location">
            <span className="muted">Save to</span>
            <code data-testid="export-location">
              {location ? (location.location ?? location.name) : `${slug(name)}.zip in the app's exports folder`}
            </code>
            <button
              type="button"
              className="button"
              disabled={running}
              onClick={() => void chooseLocation(`${slug(name)}.zip`)}
              data-testid="choose-export-location"
            >
              Choose…
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
              {running ? 'Exporting…' : location ? `Export to ${location.name}` : 'Export'}
            </button>
          </div>
        </section>
      )}
      {running && status !== 'running' && <Working text="Starting the export…" />}
      {error && (
        <ErrorPanel error={error} title="Export failed" onDismiss={() => useExportStore.setState({ error: null })} />
      )}
      {done && (
        <ExportResult
          info={info}
          onOpenFolder={() => void openFolder(info.zipPath)}
          onPredict={() => {
            // The export registered the model: predict with it there.
            preset({ kind: 'model', modelId: info.modelId });
            go('predict');
          }}
        />
      )}
    </StageShell>
  );
}
