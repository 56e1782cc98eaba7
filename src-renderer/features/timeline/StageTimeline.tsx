import type { ProjectState } from '@shared/project';
import { STAGES, type StageId, type StageStatus } from '@shared/stages';
import { activeStage } from '../project/reduce';
import { useProjectStore } from '../project/store';
import { useTrainingStore } from '../training/store';
import { t } from '../../strings';
import { formatPercent } from '../../lib/format';

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
    <nav className="timeline" aria-label={t.steps.navLabel}>
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
                      ? t.steps.backTo(t.stages[stage])
                      : t.steps.lookAt(t.stages[stage])
                    : t.steps.status[status]
                }
              >
                <span className="timeline-dot" aria-hidden="true">
                  {status === 'running' ? <span className="spinner small" /> : MARK[status] || i + 1}
                </span>
                <span className="timeline-text">
                  <span className="timeline-label">{t.stages[stage]}</span>
                  <span className="timeline-status">
                    {stage === current && status === 'pending'
                      ? t.steps.yourTurn
                      : stage === 'TRAIN' && status === 'running' && trainPct !== null
                        ? t.steps.training(formatPercent(trainPct / 100))
                        : t.steps.status[status]}
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
