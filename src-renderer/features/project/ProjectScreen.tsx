import { STAGE_LABELS, type StageId, type StageStatus } from '@shared/stages';
import { useEffect } from 'react';
import type { ComponentType } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Working } from '../../components/Spinner';
import { useAppStore } from '../app/store';
import { DataPanel } from '../data/DataPanel';
import { ExportPanel } from '../export/ExportPanel';
import { GoalPanel } from '../goal/GoalPanel';
import { ModelSelectPanel } from '../models/ModelSelectPanel';
import { PreprocessPanel } from '../preprocess/PreprocessPanel';
import { ProfilePanel } from '../profile/ProfilePanel';
import { ReviewPanel } from '../review/ReviewPanel';
import { StageTimeline } from '../timeline/StageTimeline';
import { TrainPanel } from '../train/TrainPanel';
import { activeStage, shownStage } from './reduce';
import { ReviewBanner } from './ReviewBanner';
import { useProjectStore } from './store';

const PANELS: Record<StageId, ComponentType> = {
  PARSE_INTENT: GoalPanel,
  DATA_SOURCE: DataPanel,
  PROFILE_DATA: ProfilePanel,
  PREPROCESS: PreprocessPanel,
  MODEL_SELECT: ModelSelectPanel,
  TRAIN: TrainPanel,
  REVIEW_EDIT: ReviewPanel,
  EXPORT: ExportPanel,
};

/** One project: the timeline on the left, the panel of the stage that needs attention on the right. */
export function ProjectScreen() {
  const project = useProjectStore((s) => s.project);
  const busy = useProjectStore((s) => s.busy);
  const error = useProjectStore((s) => s.error);
  const clearError = useProjectStore((s) => s.clearError);
  const viewing = useProjectStore((s) => s.viewing);

  if (!project) {
    if (busy === 'open') return <Working text="Opening the project…" />;
    return (
      <div className="page">
        {error ? <ErrorPanel error={error} onDismiss={clearError} /> : <p className="muted">No project is open.</p>}
        <div>
          <button
            type="button"
            className="button"
            onClick={() => useAppStore.getState().go('home')}
            data-testid="back-to-projects"
          >
            Back to projects
          </button>
        </div>
      </div>
    );
  }
  const current = activeStage(project);
  const stage = shownStage(project, viewing);
  const Panel = PANELS[stage];
  const finished = project.stages[current].status === 'done';
  return (
    <div
      className="project"
      data-testid="project"
      data-project-id={project.id}
      data-stage={stage}
      data-viewing={stage !== current}
    >
      <StageTimeline project={project} shown={stage} />
      <StageAnnouncer name={project.name} stage={stage} status={project.stages[stage].status} />
      <section className="panel" data-testid={`panel-${stage}`}>
        {error && <ErrorPanel error={error} onDismiss={clearError} testId="request-error" />}
        {stage !== current && <ReviewBanner stage={stage} current={current} finished={finished} />}
        <Panel key={stage} />
      </section>
    </div>
  );
}

const SPOKEN: Record<StageStatus, string> = {
  pending: 'waiting for you',
  running: 'working',
  waiting_confirmation: 'ready for you to check',
  done: 'done',
  failed: 'failed',
  skipped: 'not needed',
};

/** Keeps the window title on the project and step, and tells screen readers when the step's state changes. */
function StageAnnouncer({ name, stage, status }: { name: string; stage: StageId; status: StageStatus }) {
  useEffect(() => {
    document.title = `${name} · ${STAGE_LABELS[stage]} · AutoML`;
    return () => {
      document.title = 'AutoML Desktop';
    };
  }, [name, stage]);
  return (
    <p className="sr-only" aria-live="polite" role="status">
      {STAGE_LABELS[stage]}: {SPOKEN[status]}
    </p>
  );
}
