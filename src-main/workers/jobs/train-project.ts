import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { shownName } from '@shared/column-names';
import type { TrainingEvent } from '@shared/events';
import type { JobContext } from '../protocol';
import type { ImageDiagnostics } from '@shared/diagnostics';
import type { TrainingSummary } from '@shared/project';
import {
  CLASSIFICATION_METRICS,
  DEFAULT_BUDGET_SECONDS,
  DEFAULT_HORIZON,
  REGRESSION_METRICS,
  type AnalyticsTask,
  type MetricName,
  type ModelFamily,
} from '@shared/tasks';
import type { TrainJobInput } from '../trainer-methods';
import { trainTabular } from '../../engine/tabular/train';
import { runForecast } from '../../engine/forecast/run-forecast';
import { writeSeriesTable } from '../../engine/series/series-table';
import { namesLevel } from '../../engine/intent/level-words';
import { runSegmentation } from '../../engine/cluster/run-segmentation';
import { runAnomaly } from '../../engine/anomaly/run-anomaly';
import { runCorrelation } from '../../engine/analytics/run-correlation';
import { runSummary } from '../../engine/analytics/run-summary';
import { runSentiment } from '../../engine/sentiment/run-sentiment';
import { trainImageClassifier } from '../../engine/image/train-images';
import { makeThumbnail } from '../../engine/image/thumbnail';
import { writeArtifact } from '../../engine/artifacts/store';
import type { TaskDetailsByTask, TaskResultFile, TaskResultOf } from '../../engine/artifacts/task-result';
import type { TaskResult } from '../../engine/analytics/task-result';

type Ctx = JobContext<TrainingEvent>;

const selectedFamilies = (input: TrainJobInput): ModelFamily[] =>
  (input.models?.candidates ?? []).filter((c) => c.selected).map((c) => c.family);

const featureColumns = (input: TrainJobInput): string[] | undefined =>
  input.plan?.columns.filter((c) => c.role === 'feature').map((c) => c.name);

/** The Models step's metric when it belongs to the task (a selection made before the task changed does not). */
function metricFor(
  task: 'regression' | 'classification',
  models: TrainJobInput['models'],
): { metric: MetricName } | null {
  const allowed: readonly MetricName[] = task === 'regression' ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
  return models && allowed.includes(models.metric) ? { metric: models.metric } : null;
}

function need<T>(value: T | null | undefined, message: string): T {
  if (value === null || value === undefined || value === '') throw new CodedError('target-missing', message);
  return value;
}

/** Runs the training job of a project's task inside the worker and returns the summary the conductor keeps. */
export async function trainProject(input: TrainJobInput, ctx: Ctx): Promise<TrainingSummary> {
  await mkdir(input.artifactDir, { recursive: true });
  const { intent, dataPath, artifactDir } = input;
  const columns = input.dataset.columns.map((c) => c.name).join(', ');
  const target = () => need(intent.target, `No target column is chosen. Pick one of: ${columns}.`);
  const budgetSeconds = input.models?.budgetSeconds ?? DEFAULT_BUDGET_SECONDS;

  switch (intent.task) {
    case 'classification':
    case 'regression': {
      if (!input.plan)
        throw new CodedError('stage-order', 'The preprocessing plan is missing: confirm the Preprocess step first.');
      const families = selectedFamilies(input);
      if (!families.length)
        throw new CodedError('invalid-input', 'No model is selected. Tick at least one model on the Models step.');
      const result = await trainTabular(
        {
          dataPath,
          task: intent.task,
          target: target(),
          plan: input.plan,
          models: families,
          budgetSeconds,
          // The Models step's metric: the leaderboard ranks by it (train.ts chooses classifiers by log loss).
          ...(metricFor(intent.task, input.models) ?? {}),
          artifactDir,
          ...(input.continueSearch ? { continueSearch: true } : {}),
        },
        ctx,
      );
      return { ...result.summary, artifactDir };
    }
    case 'forecast': {
      const date = need(intent.date, `No date column is chosen for the forecast. Pick one of: ${columns}.`);
      const series = intent.series;
      // Several series side by side: the forecast reads the chosen one (or all combined per date) from its own file.
      const seriesPath = series ? join(artifactDir, 'series.parquet') : null;
      if (seriesPath && series) await writeSeriesTable(dataPath, { date, target: target(), series }, seriesPath);
      const level = namesLevel(shownName(input.dataset.columns, target()));
      try {
        const result = await runForecast(
          {
            dataPath: seriesPath ?? dataPath,
            date,
            target: target(),
            // The goal's span in the profile's periods (days on daily data): trading days count what falls in it.
            horizon: intent.horizon ?? DEFAULT_HORIZON,
            calendarHorizon: true,
            budgetSeconds,
            artifactDir,
            // A level (temperature, price, rate) is averaged over rows sharing a period, never added up.
            ...(level ? { aggregation: 'mean' as const } : {}),
            ...(series
              ? {
                  series: {
                    column: series.column,
                    value: series.value,
                    combine: series.combine,
                    of: series.values.length,
                  },
                }
              : {}),
          },
          ctx,
        );
        return keepResult('forecast', result, artifactDir);
      } finally {
        if (seriesPath) await rm(seriesPath, { force: true });
      }
    }
    case 'segment':
      return keepResult(
        'segment',
        await runSegmentation({ dataPath, k: intent.k, columns: featureColumns(input), artifactDir }, ctx),
        artifactDir,
      );
    case 'anomaly':
      return keepResult(
        'anomaly',
        await runAnomaly({ dataPath, columns: featureColumns(input), artifactDir }, ctx),
        artifactDir,
      );
    case 'correlation':
      return keepResult(
        'correlation',
        await runCorrelation({ dataPath, target: target(), artifactDir }, ctx),
        artifactDir,
      );
    case 'summary':
      return keepResult('summary', await runSummary({ dataPath, artifactDir }, ctx), artifactDir);
    case 'sentiment': {
      const textColumn = need(intent.textColumn ?? intent.target, `No text column is chosen. Pick one of: ${columns}.`);
      return keepResult('sentiment', await runSentiment({ dataPath, textColumn, artifactDir }, ctx), artifactDir);
    }
    case 'image': {
      const heads = selectedFamilies(input).filter((f): f is 'logistic' | 'mlp' => f === 'logistic' || f === 'mlp');
      const result = await trainImageClassifier(
        { datasetDir: input.dataset.path, artifactDir, budgetSeconds, heads: heads.length ? heads : undefined },
        ctx,
      );
      return { ...result.summary, artifactDir, diagnostics: await withThumbnails(result.summary.diagnostics) };
    }
  }
}

/** Analytics tasks return details and charts beside the summary: keep them on disk and in the summary's diagnostics. */
async function keepResult<T extends AnalyticsTask>(
  task: T,
  result: TaskResult<TaskDetailsByTask[T]>,
  artifactDir: string,
): Promise<TrainingSummary> {
  const file: TaskResultOf<T> = { task, details: result.details, charts: result.charts, artifacts: result.artifacts };
  // TaskResultFile is the union over tasks; TS cannot see that one member of a generic T belongs to it.
  writeArtifact(artifactDir, 'taskResult', file as TaskResultFile);
  return {
    ...result.summary,
    artifactDir,
    diagnostics: { ...(result.summary.diagnostics ?? {}), details: result.details, charts: result.charts },
  };
}

/** The review shows the most confused images as small thumbnails (data URLs: the renderer reads no files). */
async function withThumbnails(diagnostics: ImageDiagnostics): Promise<ImageDiagnostics> {
  const confused = diagnostics.mostConfused;
  if (!confused.length) return diagnostics;
  const withThumbs = await Promise.all(
    confused.slice(0, 12).map(async (c) => ({ ...c, thumbnail: await makeThumbnail(c.file, 96).catch(() => null) })),
  );
  return { ...diagnostics, mostConfused: withThumbs };
}
