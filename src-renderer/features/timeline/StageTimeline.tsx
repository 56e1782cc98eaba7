import type { ProjectState } from '@shared/project';
import { STAGE_LABELS, STAGES, type StageId, type StageStatus } from '@shared/stages';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
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
 * The eight stages with their status. A finished stage can be reopened: that re-runs it and
 * everything after it, so the timeline asks first.
 */
export function StageTimeline({ project }: { project: ProjectState }) {
  const back = useProjectStore((s) => s.back);
  const busy = useProjectStore((s) => s.busy !== null);
  const [asking, setAsking] = useState<StageId | null>(null);
  const current = activeStage(project);
  const trainPct = useTrainingStore((s) => (s.running ? Math.round(s.fraction * 100) : null));
  const running = STAGES.some((s) => project.stages[s].status === 'running');

  return (
    <nav className="timeline" aria-label="Steps">
      <ol>
        {STAGES.map((stage, i) => {
          const status = project.stages[stage].status;
          const canGoBack = status === 'done' && !running && !busy;
          return (
            <li key={stage} className={`timeline-item is-${status} ${stage === current ? 'is-current' : ''}`}>
              <button
                type="button"
                className="timeline-button"
                data-testid={`stage-${stage}`}
                data-status={status}
                aria-current={stage === current ? 'step' : undefined}
                aria-disabled={!canGoBack && stage !== current}
                onClick={() => canGoBack && stage !== current && setAsking(stage)}
                title={canGoBack ? `Go back to ${STAGE_LABELS[stage]}` : STATUS_TEXT[status]}
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
      {asking && (
        <Dialog
          title={`Go back to ${STAGE_LABELS[asking]}?`}
          confirmLabel={`Go back`}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            const stage = asking;
            setAsking(null);
            void back(stage);
          }}
        >
          {STAGE_LABELS[asking]} and every step after it will run again with your changes. Your data stays as it is.
        </Dialog>
      )}
    </nav>
  );
}
