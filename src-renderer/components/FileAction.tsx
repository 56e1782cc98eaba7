import type { AppError } from '@shared/errors';
import { useState } from 'react';
import { call, getApi } from '../lib/api';
import { dirnameOf } from '../lib/data-source';
import { downloadFile } from '../lib/download';

/**
 * What a person can do with a file the app wrote: in the desktop app, open its folder; in the browser build
 * (which cannot open folders), download it.
 */
export function FileAction({
  path,
  testId,
  label,
  onError,
}: {
  path: string;
  testId: string;
  /** What is downloaded, e.g. "the zip". */
  label: string;
  onError: (error: AppError) => void;
}) {
  const [busy, setBusy] = useState(false);
  const desktop = getApi()?.host === 'electron';
  const act = async () => {
    setBusy(true);
    const error = desktop
      ? await call('shell:openFolder', { path: dirnameOf(path) }).then((r) => (r.ok ? null : r.error))
      : await downloadFile(path);
    setBusy(false);
    if (error) onError(error);
  };
  return (
    <button
      type="button"
      className="button"
      disabled={busy}
      onClick={() => void act()}
      data-testid={testId}
      data-action={desktop ? 'open-folder' : 'download'}
    >
      {desktop ? 'Open folder' : busy ? 'Preparing…' : `Download ${label}`}
    </button>
  );
}
