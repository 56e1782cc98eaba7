import { JobProgressCard } from '../jobs/JobProgressCard';
import { useJobProgressStore } from '../jobs/store';
import { useProjectStore } from '../project/store';
import { t } from '../../strings';

/**
 * The card while DATA_SOURCE fetches a Kaggle dataset and then imports it: the download's bytes (JOB_PROGRESS of
 * the 'download' job, without a bar value when Kaggle sends no length), then the import's.
 */
export function KaggleProgress({ refName }: { refName: string | null }) {
  const projectId = useProjectStore((s) => s.project?.id);
  const progress = useJobProgressStore((s) => (projectId ? s.byKey[projectId] : undefined)) ?? null;
  const cancel = useProjectStore((s) => s.cancel);
  const stopping = useProjectStore((s) => s.busy === 'cancel');
  return (
    <JobProgressCard
      progress={progress}
      job="download"
      waitingText={t.kaggle.connecting(refName)}
      onCancel={() => void cancel()}
      stopping={stopping}
      cancelLabel={progress?.job === 'ingest' ? undefined : t.kaggle.cancel}
      testId="kaggle-progress"
      cancelTestId="cancel-DATA_SOURCE"
    />
  );
}
