import { useEffect, useState } from 'react';
import { DropZone } from '../../components/DropZone';
import { ErrorPanel } from '../../components/ErrorPanel';
import { fileToSource } from '../../lib/upload';
import { headerColumns, shapeOfName, type DataShape } from './model-fit';
import { PredictResultView } from './PredictResultView';
import { WhyPanel } from './WhyPanel';
import { SourcePicker } from './SourcePicker';
import { usePredictStore } from './store';
import { JobProgressCard } from '../jobs/JobProgressCard';
import { useJobProgressStore } from '../jobs/store';
import { t } from '../../strings';

/** What can be told of a file before sending it: images or a table, and a CSV/TSV's header line. */
async function shapeOf(file: File): Promise<DataShape> {
  const kind = shapeOfName(file.name);
  if (kind !== 'table' || !/\.(csv|tsv|txt)$/i.test(file.name)) return { kind, columns: null };
  const head = await file.slice(0, 64 * 1024).text();
  return { kind, columns: headerColumns(head.split('\n')[0] ?? '') };
}

/** Score new rows with a registered model or an exported zip. */
export function PredictScreen() {
  const { input, running, error, source, result, loadModels, setInput, run, cancel, runId } = usePredictStore();
  const [sent, setSent] = useState<number | null>(null);
  // A new file is on its way (read, then sent): Predict waits for it, or it would score the file it replaces.
  const [reading, setReading] = useState(false);
  const [stopping, setStopping] = useState(false);
  const progress = useJobProgressStore((s) => (runId ? s.byKey[runId] : undefined)) ?? null;
  useEffect(() => {
    if (!running) setStopping(false);
  }, [running]);
  useEffect(() => void loadModels(), [loadModels]);
  const onFile = async (file: File) => {
    setReading(true);
    try {
      const shape = await shapeOf(file);
      const source = await fileToSource(file, setSent);
      if (source.ok) setInput(source.value, file.name, shape);
      else usePredictStore.setState({ error: source.error });
    } finally {
      setSent(null);
      setReading(false);
    }
  };

  return (
    <div className="page" data-testid="predict-screen">
      <header className="stage-head">
        <h1>{t.predict.title}</h1>
        <p className="lede">{t.predict.lede}</p>
      </header>
      <section className="card" aria-labelledby="predict-model-title">
        <h2 id="predict-model-title" className="card-title">
          {t.predict.model}
        </h2>
        <SourcePicker />
      </section>
      <section className="card" aria-labelledby="predict-data-title">
        <h2 id="predict-data-title" className="card-title">
          {t.predict.data}
        </h2>
        <DropZone
          onFile={(f) => void onFile(f)}
          progress={sent}
          disabled={reading}
          accept=".csv,.tsv,.json,.jsonl,.parquet,.zip"
          title={input ? input.name : t.predict.drop}
          hint={input ? t.predict.replace : t.predict.formats}
          testId="predict-drop"
          inputTestId="predict-file-input"
        />
      </section>
      <div className="stage-actions">
        <button
          type="button"
          className="button primary"
          disabled={!source || !input || running || reading}
          onClick={() => void run()}
          data-testid="predict-run"
        >
          {running ? t.predict.running : t.predict.run}
        </button>
      </div>
      {running && (
        <JobProgressCard
          progress={progress}
          job="predict"
          waitingText={t.jobs.openingModel}
          onCancel={() => {
            setStopping(true);
            void cancel();
          }}
          stopping={stopping}
          testId="predict-progress"
          cancelTestId="predict-cancel"
        />
      )}
      {error && (
        <ErrorPanel
          // A cancel the person asked for is a notice (as a cancelled export or profile is), saying what is left.
          error={error.code === 'cancelled' ? { ...error, message: t.predict.cancelledNote } : error}
          title={error.code === 'cancelled' ? t.predict.cancelled : t.predict.failed}
          advice={error.code === 'cancelled' ? null : undefined}
          testId={error.code === 'cancelled' ? 'predict-cancelled' : undefined}
          onDismiss={() => usePredictStore.setState({ error: null })}
        />
      )}
      {result && <PredictResultView result={result} onError={(e) => usePredictStore.setState({ error: e })} />}
      {result && source && <WhyPanel key={result.outputPath} source={source} result={result} />}
    </div>
  );
}
