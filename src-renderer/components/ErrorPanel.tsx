import type { AppError } from '@shared/errors';
import type { ReactNode } from 'react';
import { t } from '../strings';

interface Props {
  error: AppError;
  title?: string;
  children?: ReactNode;
  testId?: string;
  onDismiss?: () => void;
  /** What to do next, when the error code's usual advice does not fit here (null: none). */
  advice?: string | null;
}

/** A failure a person can act on: what happened, what to do next, and the actions that help. */
export function ErrorPanel({ error, title, children, testId = 'error-panel', onDismiss, advice: own }: Props) {
  const advice = own === undefined ? t.errors.advice[error.code] : own;
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
        <h3>{title ?? (error.code === 'cancelled' ? t.errors.stopped : t.errors.failed)}</h3>
        {onDismiss && (
          <button
            type="button"
            className="icon-button"
            aria-label={t.errors.dismiss}
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
