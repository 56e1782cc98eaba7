import type { ProjectState } from '@shared/project';
import { STAGE_LABELS, STAGES, type StageId, type StageStatus } from '@shared/stages';
import { activeStage } from '../project/reduce';
import { useProjectStore } from '../project/store';
import { useTrainingStore } from '../training/store';

const STATUS_TEXT: Record<StageStatus, string> = {
  pending: 'Not started',
  running: 'Working…',
  waiting_confirmation: 'Needs you',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Not needed',
};

const MARK: Record<StageStatus, string> = {
  pending: '',
  running: '',
  waiting_confirmation: '•',
  done: '✓',
  failed: '!',
  skipped: '–',
};

/**
 * The eight stages with their status. A finished stage opens read-only, as it was (nothing re-runs); changing it
 * is a separate action on that view. `shown` is the stage on screen.
 */
export function StageTimeline({ project, shown }: { project: ProjectState; shown: StageId }) {
  const view = useProjectStore((s) => s.view);
  const current = activeStage(project);
  const trainPct = useTrainingStore((s) => (s.running ? Math.round(s.fraction * 100) : null));

  return (
    <nav className="timeline" aria-label="Steps">
      <ol>
        {STAGES.map((stage, i) => {
          const status = project.stages[stage].status;
          const canOpen = (status === 'done' || stage === current) && stage !== shown;
          return (
            <li
              key={stage}
              className={`timeline-item is-${status} ${stage === current ? 'is-current' : ''} ${stage === shown ? 'is-shown' : ''}`}
            >
              <button
                type="button"
                className="timeline-button"
                data-testid={`stage-${stage}`}
                data-status={status}
                aria-current={stage === shown ? 'step' : undefined}
                aria-disabled={!canOpen}
                onClick={() => canOpen && view(stage === current ? null : stage)}
                title={
                  canOpen
                    ? stage === current
                      ? `Back to ${STAGE_LABELS[stage]}`
                      : `Look at ${STAGE_LABELS[stage]} as it finished`
                    : STATUS_TEXT[status]
                }
              >
                <span className="timeline-dot" aria-hidden="true">
                  {status === 'running' ? <span className="spinner small" /> : MARK[status] || i + 1}
                </span>
                <span className="timeline-text">
                  <span className="timeline-label">{STAGE_LABELS[stage]}</span>
                  <span className="timeline-status">
                    {stage === current && status === 'pending'
                      ? 'Your turn'
                      : stage === 'TRAIN' && status === 'running' && trainPct !== null
                        ? `Training… ${trainPct}%`
                        : STATUS_TEXT[status]}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
