import { useEffect, useState } from 'react';
import { DropZone } from '../../components/DropZone';
import { formatPercent } from '../../lib/format';
import { fileToSource } from '../../lib/upload';
import { draftFrom, intentEdits, type IntentDraft } from '../goal/intent-draft';
import { IntentEditor } from '../goal/IntentEditor';
import { SampleCards } from '../home/SampleCards';
import { KaggleProgress } from '../kaggle/KaggleProgress';
import { KaggleSection } from '../kaggle/KaggleSection';
import { useKaggleStore } from '../kaggle/store';
import { ConfirmButton, StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { DataFailure } from './DataFailure';
import { DatasetPreview } from './DatasetPreview';
import { t } from '../../strings';

const ACCEPT = '.csv,.tsv,.txt,.json,.jsonl,.ndjson,.parquet,.gz,.zip';

/** DATA_SOURCE: choose data (drop, pick, or a sample), see it, and confirm what to predict. */
export function DataPanel() {
  const status = useProjectStore((s) => s.project?.stages.DATA_SOURCE.status ?? 'pending');
  const dataset = useProjectStore((s) => s.project?.dataset);
  const intent = useProjectStore((s) => s.project?.intent);
  const busy = useProjectStore((s) => s.busy);
  const projectId = useProjectStore((s) => s.project?.id);
  const kaggleRef = useKaggleStore((s) => (s.using && s.using.projectId === projectId ? s.using.ref : null));
  const attach = useProjectStore((s) => s.attach);
  const confirm = useProjectStore((s) => s.confirm);
  const [reading, setReading] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [draft, setDraft] = useState<IntentDraft | null>(intent ? draftFrom(intent) : null);
  useEffect(() => setDraft(intent ? draftFrom(intent) : null), [intent]);

  const onFile = async (file: File) => {
    setReading(true);
    try {
      const source = await fileToSource(file, setSent);
      if (source.ok) await attach(source.value);
      else useProjectStore.setState({ error: source.error });
    } finally {
      setReading(false);
      setSent(null);
    }
  };
  const choosing = status === 'pending' || status === 'failed';
  const edits = intent && draft ? intentEdits(intent, draft) : {};
  const uploading = reading || busy === 'attach';
  // A Kaggle source spends most of DATA_SOURCE downloading: show the bar instead of the spinner.
  const downloading = status === 'running' && kaggleRef !== null;

  return (
    <StageShell
      stage="DATA_SOURCE"
      title={t.data.title}
      lede={t.data.lede}
      runningText={downloading ? '' : t.data.reading}
      keepContentWhileRunning={downloading}
      failure={<DataFailure />}
      actions={
        status === 'waiting_confirmation' && (
          <>
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => void useProjectStore.getState().back('DATA_SOURCE')}
              data-testid="change-data"
            >
              {t.data.other}
            </button>
            <ConfirmButton
              stage="DATA_SOURCE"
              label={t.data.continue}
              onClick={() => void confirm('DATA_SOURCE', edits)}
              disabled={
                draft !== null && !draft.target && (draft.task === 'classification' || draft.task === 'regression')
              }
            />
          </>
        )
      }
    >
      {choosing && (
        <div className="data-choose">
          <DropZone
            onFile={(f) => void onFile(f)}
            accept={ACCEPT}
            title={sent !== null ? t.data.sending(formatPercent(sent)) : uploading ? t.data.reading : t.data.drop}
            progress={sent}
            hint={t.data.dropHint}
            disabled={uploading}
            testId="drop-zone"
            inputTestId="file-input"
          />
          <KaggleSection disabled={uploading || busy !== null} />
          <SampleCards variant="data" disabled={uploading} />
        </div>
      )}
      {downloading && <KaggleProgress refName={kaggleRef} />}
      {(status === 'waiting_confirmation' || status === 'done') && dataset && (
        <>
          <DatasetPreview dataset={dataset} />
          {intent && draft && (
            <section className="card" aria-labelledby="target-title">
              <h2 id="target-title" className="card-title">
                {t.data.whatToPredict}
              </h2>
              <IntentEditor
                intent={intent}
                draft={draft}
                onChange={setDraft}
                columns={dataset.columns}
                disabled={busy !== null || status === 'done'}
              />
            </section>
          )}
        </>
      )}
    </StageShell>
  );
}
