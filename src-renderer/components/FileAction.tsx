import type { AppError } from '@shared/errors';
import { useRef, useState } from 'react';
import { call, getApi } from '../lib/api';
import { dirnameOf } from '../lib/data-source';
import { downloadFile } from '../lib/download';
import { ProgressBar } from './ProgressBar';
import { t } from '../strings';

/**
 * What a person can do with a file the app wrote: in the desktop app, open its folder; in the browser build
 * (which cannot open folders), download it, with progress and a Cancel.
 */
export function FileAction({
  path,
  testId,
  label,
  onError,
}: {
  path: string;
  testId: string;
  /** What is downloaded, e.g. "the zip" (from the strings file). */
  label: string;
  onError: (error: AppError) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const stop = useRef<AbortController | null>(null);
  const desktop = getApi()?.host === 'electron';
  const act = async () => {
    setBusy(true);
    let error: AppError | null;
    if (desktop) {
      error = await call('shell:openFolder', { path: dirnameOf(path) }).then((r) => (r.ok ? null : r.error));
    } else {
      stop.current = new AbortController();
      error = await downloadFile(path, setProgress, stop.current.signal);
      stop.current = null;
      setProgress(null);
    }
    setBusy(false);
    if (error) onError(error);
  };
  if (!desktop && progress !== null)
    return (
      <span className="file-action-progress" data-testid={`${testId}-progress`}>
        <ProgressBar
          fraction={progress}
          label={t.files.downloading(label)}
          valueText={`${Math.round(progress * 100)}%`}
          className="file-action-bar"
        />
        <span className="muted">{Math.round(progress * 100)}%</span>
        <button
          type="button"
          className="button small"
          onClick={() => stop.current?.abort()}
          data-testid={`${testId}-cancel`}
        >
          {t.dialog.cancel}
        </button>
      </span>
    );
  return (
    <button
      type="button"
      className="button"
      disabled={busy}
      onClick={() => void act()}
      data-testid={testId}
      data-action={desktop ? 'open-folder' : 'download'}
    >
      {desktop ? t.files.openFolder : t.files.download(label)}
    </button>
  );
}
