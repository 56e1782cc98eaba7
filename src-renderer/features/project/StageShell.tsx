import type { StageId } from '@shared/stages';
import type { JobKind } from '@shared/events';
import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Working } from '../../components/Spinner';
import { useProjectStore } from './store';
import { t } from '../../strings';
import { JobProgressCard } from '../jobs/JobProgressCard';
import { useJobProgressStore } from '../jobs/store';

/** The stages whose work is a long job with measured progress (JOB_PROGRESS); the others are quick steps. */
const STAGE_JOBS: Partial<Record<StageId, JobKind>> = {
  DATA_SOURCE: 'ingest',
  PROFILE_DATA: 'profile',
  EXPORT: 'export',
};

interface Props {
  stage: StageId;
  title: string;
  lede?: ReactNode;
  /** Shown while the stage runs (unless `keepContentWhileRunning`). */
  runningText: string;
  keepContentWhileRunning?: boolean;
  /** Replaces the default failure panel (e.g. the data panel's rejected-rows view). */
  failure?: ReactNode;
  /** Offer "Try again" on the failure panel (off where the panel's own button starts the step with its choices). */
  retry?: boolean;
  actions?: ReactNode;
  children?: ReactNode;
}

/** The frame every stage panel shares: heading, running and failed states, content, and the action bar. */
export function StageShell({
  stage,
  title,
  lede,
  runningText,
  keepContentWhileRunning,
  failure,
  retry = true,
  actions,
  children,
}: Props) {
  const state = useProjectStore((s) => s.project?.stages[stage]);
  const confirm = useProjectStore((s) => s.confirm);
  const busy = useProjectStore((s) => s.busy !== null);
  const stopping = useProjectStore((s) => s.busy === 'cancel');
  const cancel = useProjectStore((s) => s.cancel);
  const projectId = useProjectStore((s) => s.project?.id);
  const progress = useJobProgressStore((s) => (projectId ? s.byKey[projectId] : undefined)) ?? null;
  const job = STAGE_JOBS[stage];
  const status = state?.status ?? 'pending';
  const heading = useRef<HTMLHeadingElement>(null);
  // A new stage replaced the one that had focus: start keyboard users at its heading, not at the top of the page.
  useEffect(() => {
    if (document.activeElement === document.body) heading.current?.focus({ preventScroll: true });
  }, []);

  return (
    <div className="stage" data-stage={stage} data-status={status}>
      <header className="stage-head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {lede && <p className="lede">{lede}</p>}
      </header>
      {status === 'failed' &&
        state?.error &&
        (failure ?? (
          <ErrorPanel
            error={state.error}
            title={state.error.code === 'cancelled' ? t.steps.wasCancelled(title) : t.steps.stageFailed(title)}
          >
            {retry && (
              <button
                type="button"
                className="button primary"
                disabled={busy}
                onClick={() => void confirm(stage)}
                data-testid={`retry-${stage}`}
              >
                {t.steps.tryAgain}
              </button>
            )}
          </ErrorPanel>
        ))}
      {status === 'running' && runningText && job && (
        <JobProgressCard
          progress={progress}
          job={job}
          waitingText={runningText}
          onCancel={() => void cancel()}
          stopping={stopping}
          testId={`running-${stage}`}
          cancelTestId={`cancel-${stage}`}
        />
      )}
      {status === 'running' && runningText && !job && (
        <div className="stage-running">
          <Working text={runningText} testId={`running-${stage}`} />
          <button
            type="button"
            className="button small"
            disabled={stopping}
            onClick={() => void cancel()}
            data-testid={`cancel-${stage}`}
          >
            {stopping ? t.steps.stopping : t.steps.cancel}
          </button>
        </div>
      )}
      {(status !== 'running' || keepContentWhileRunning) && children}
      {actions && <footer className="stage-actions">{actions}</footer>}
    </div>
  );
}

interface ConfirmProps {
  stage: StageId;
  label: string;
  onClick: () => void;
  /** Extra reason to disable (e.g. nothing selected). */
  disabled?: boolean;
  hint?: string;
}

/** The primary "continue" button of a stage (`confirm-<STAGE>`), enabled only while the stage waits for a person. */
export function ConfirmButton({ stage, label, onClick, disabled, hint }: ConfirmProps) {
  const status = useProjectStore((s) => s.project?.stages[stage].status);
  const busy = useProjectStore((s) => s.busy);
  const auto = useProjectStore((s) => s.autoConfirm === stage);
  const working = busy === `confirm:${stage}` || auto;
  return (
    <>
      {hint && <span className="action-hint">{hint}</span>}
      <button
        type="button"
        className="button primary"
        disabled={status !== 'waiting_confirmation' || busy !== null || disabled}
        onClick={onClick}
        data-testid={`confirm-${stage}`}
        aria-busy={working}
      >
        {working ? t.steps.working : label}
      </button>
    </>
  );
}
