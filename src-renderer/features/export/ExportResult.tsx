import type { AppError } from '@shared/errors';
import type { ExportInfo } from '@shared/project';
import { FileAction } from '../../components/FileAction';
import { formatBytes } from '../../lib/format';
import { t } from '../../strings';

/** What the export did with the model, in words. */
export function registrationText(info: ExportInfo): string {
  if (!info.modelId) return t.export.notRegistered;
  return info.newModel ? t.export.registeredNew(info.modelId) : t.export.registeredVersion(info.version, info.modelId);
}

/** The finished zip: where it is, what is in it, and the next steps. */
export function ExportResult({
  info,
  onPredict,
  onError,
}: {
  info: ExportInfo;
  onPredict: (() => void) | null;
  onError: (error: AppError) => void;
}) {
  return (
    <section className="card export-done" aria-labelledby="export-done-title" data-testid="export-result">
      <div className="done-mark" aria-hidden="true">
        ✓
      </div>
      <h2 id="export-done-title">{info.modelId ? t.export.modelReady : t.export.resultsReady}</h2>
      <p className="muted" data-testid="export-registered">
        {registrationText(info)} · {formatBytes(info.bytes)}
      </p>
      <code className="path" data-testid="export-path">
        {info.zipPath}
      </code>
      <ul className="file-list" data-testid="export-files" data-files={info.files.join(',')}>
        {info.files.map((f) => (
          <li key={f}>
            <code>{f}</code>
          </li>
        ))}
      </ul>
      <div className="stage-actions inline">
        <FileAction path={info.zipPath} label={t.export.theZip} testId="open-folder" onError={onError} />
        {onPredict && (
          <button type="button" className="button primary" onClick={onPredict} data-testid="predict-with-export">
            {t.export.predict}
          </button>
        )}
      </div>
    </section>
  );
}
