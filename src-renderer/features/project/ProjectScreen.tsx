import type { StageId, StageStatus } from '@shared/stages';
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
import { t } from '../../strings';

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
    if (busy === 'open') return <Working text={t.project.opening} />;
    return (
      <div className="page">
        {error ? <ErrorPanel error={error} onDismiss={clearError} /> : <p className="muted">{t.project.none}</p>}
        <div>
          <button
            type="button"
            className="button"
            onClick={() => useAppStore.getState().go('home')}
            data-testid="back-to-projects"
          >
            {t.project.back}
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

const SPOKEN: Record<StageStatus, string> = t.project.spoken;

/** Keeps the window title on the project and step, and tells screen readers when the step's state changes. */
function StageAnnouncer({ name, stage, status }: { name: string; stage: StageId; status: StageStatus }) {
  useEffect(() => {
    document.title = t.project.windowTitle(name, t.stages[stage]);
    return () => {
      document.title = t.app.brand;
    };
  }, [name, stage]);
  return (
    <p className="sr-only" aria-live="polite" role="status">
      {t.stages[stage]}: {SPOKEN[status]}
    </p>
  );
}
