import type { AppError, ErrorCode } from '@shared/errors';
import type { ReactNode } from 'react';

const ADVICE: Partial<Record<ErrorCode, string>> = {
  'dataset-invalid': 'Fix the rows listed below in the file, or skip them and continue.',
  'dataset-empty': 'Choose a file that has a header row and at least one row of data.',
  'dataset-too-large': 'Open the file by path instead of uploading it, or use a smaller extract.',
  'file-not-found': 'Choose the file again: it may have been moved or renamed.',
  'unsupported-format': 'Save the data as CSV (or Parquet) and import that.',
  'file-unreadable':
    'Open the file in the program that made it, save it again (CSV works everywhere), and import that.',
  'project-busy': 'Another AutoML window or command is changing this project: wait for it, or close it.',
  'target-missing': 'Pick the column to predict from the list.',
  'column-missing': 'Pick one of the columns in your data.',
  cancelled: 'Nothing was lost: resume to run this step again.',
  'worker-crashed': 'Try again; if it happens again, lower the time budget or choose fewer models.',
  oom: 'The data did not fit in memory: drop wide text columns, choose fewer models, or use a sample of the rows.',
  killed: 'The run was stopped. Try again when you are ready.',
  'stage-order': 'Finish the highlighted step first.',
};

interface Props {
  error: AppError;
  title?: string;
  children?: ReactNode;
  testId?: string;
  onDismiss?: () => void;
}

/** A failure a person can act on: what happened, what to do next, and the actions that help. */
export function ErrorPanel({ error, title, children, testId = 'error-panel', onDismiss }: Props) {
  const advice = ADVICE[error.code];
  return (
    // Cancelling is something the person did, not a failure: it reads as a notice, not an alarm.
    <section
      className={`error-panel ${error.code === 'cancelled' ? 'is-notice' : ''}`}
      role="alert"
      data-testid={testId}
      data-code={error.code}
    >
      <div className="error-panel-head">
        <span className="error-icon" aria-hidden="true">
          !
        </span>
        <h3>{title ?? (error.code === 'cancelled' ? 'Stopped' : 'Something went wrong')}</h3>
        {onDismiss && (
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={onDismiss}
            data-testid="error-dismiss"
          >
            ×
          </button>
        )}
      </div>
      <p className="error-message" data-testid="error-message">
        {error.message}
      </p>
      {advice && <p className="error-advice">{advice}</p>}
      {children && <div className="error-actions">{children}</div>}
    </section>
  );
}
