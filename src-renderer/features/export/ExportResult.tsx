import type { ExportInfo } from '@shared/project';
import { formatBytes } from '../../lib/format';

/** The finished zip: where it is, what is in it, and the next steps. */
export function ExportResult({
  info,
  onOpenFolder,
  onPredict,
}: {
  info: ExportInfo;
  onOpenFolder: () => void;
  onPredict: () => void;
}) {
  return (
    <section className="card export-done" aria-labelledby="export-done-title" data-testid="export-result">
      <div className="done-mark" aria-hidden="true">
        ✓
      </div>
      <h2 id="export-done-title">Your model is ready</h2>
      <p className="muted">
        Registered as <strong>{info.modelId}</strong> version {info.version} · {formatBytes(info.bytes)}
      </p>
      <code className="path" data-testid="export-path">
        {info.zipPath}
      </code>
      <ul className="file-list" data-testid="export-files">
        {info.files.map((f) => (
          <li key={f}>
            <code>{f}</code>
          </li>
        ))}
      </ul>
      <div className="stage-actions inline">
        <button type="button" className="button" onClick={onOpenFolder} data-testid="open-folder">
          Open folder
        </button>
        <button type="button" className="button primary" onClick={onPredict} data-testid="predict-with-export">
          Predict with this model
        </button>
      </div>
    </section>
  );
}
