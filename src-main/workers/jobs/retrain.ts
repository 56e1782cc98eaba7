/**
 * `retrain` (issue 15): a challenger trained with the champion's plan on new labelled data (added to the original
 * training data, or alone), both scored on the same recent labelled rows (the newest share of the new data, held
 * out of training) and on the original holdout; registered as a new version, made active only when better by the
 * person's margin, and recorded in the model's log with the reason.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CodedError } from '@shared/errors';
import type { TrainingEvent } from '@shared/events';
import type { ChallengeResult, ChallengeScore, RetrainMode } from '@shared/monitor';
import type { ModelFamily } from '@shared/tasks';
import type { JobContext } from '../protocol';
import { ModelRegistry } from '../../services/registry/model-registry';
import { tabularModelJson } from '../../engine/artifacts/model-json';
import { artifactPath, hasArtifact, readPipeline } from '../../engine/artifacts/store';
import { BUNDLE_FILES } from '../../engine/artifacts/files';
import { ingestFile } from '../../engine/ingest/ingest-file';
import { profileDataset } from '../../engine/profile/profile-dataset';
import { defaultPlan } from '../../engine/tabular/plan';
import { trainTabular } from '../../engine/tabular/train';
import { isTrainableFamily } from '../../engine/models/registry';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { buildModelJson } from '../../engine/pipeline/model-json';
import { ident, lit, openDb } from '../../engine/util/duckdb';
import { withLog } from '../../engine/monitor/log-db';
import { readSettings } from '../../engine/monitor/settings';
import { addEvent, metricOf, trainingLevel } from '../../engine/monitor/state';
import { closeForVersionChange } from '../../engine/monitor/alerts';
import { decide, scoreOn } from '../../engine/monitor/challenge';
import { readTrainingPlan, TRAINING_PLAN_FILE, type TrainingPlan } from '../../engine/monitor/training-plan';
import { heldOutReference } from '../../engine/monitor/reference';

export interface RetrainJobInput {
  dataDir: string;
  modelId: string;
  /** The new labelled rows (a file with the model's inputs and its target). */
  dataPath: string;
  mode: RetrainMode;
  appVersion: string;
  /** Overrides the champion's training budget (seconds). */
  budgetSeconds?: number;
}

type Ctx = JobContext<TrainingEvent>;

export async function retrainJob(input: RetrainJobInput, ctx: Ctx): Promise<ChallengeResult> {
  const registry = new ModelRegistry(input.dataDir);
  const champ = await registry.resolve(input.modelId);
  const mj = tabularModelJson(champ.modelJson);
  const target = mj.target;
  if (!target) throw new CodedError('target-missing', 'This model has no target column, so it cannot be retrained.');
  const settings = await withLog(input.dataDir, input.modelId, readSettings);
  await mkdir(join(input.dataDir, 'scratch'), { recursive: true });
  const work = await mkdtemp(join(input.dataDir, 'scratch', 'retrain-'));
  try {
    const fresh = await ingestFile(input.dataPath, join(work, 'new'));
    if (!fresh.columns.some((c) => c.name === target))
      throw new CodedError(
        'target-missing',
        `The new data has no '${target}' column with the true outcomes. Columns found: ${fresh.columns.map((c) => c.name).join(', ')}.`,
      );
    const saved = await readTrainingPlan(champ.dir);
    const old = input.mode === 'append' ? (saved?.dataPath ?? null) : null;
    if (input.mode === 'append' && (!old || !existsSync(old)))
      throw new CodedError(
        'file-not-found',
        "The champion's original training data is no longer on this computer (its project was deleted or it was trained before this was kept). Retrain with --mode replace to train on the new rows alone.",
      );
    // The newest share of the new rows is the window both models are compared on; it is not trained on.
    const windowRows = Math.max(1, Math.round(fresh.rows * settings.windowFraction));
    if (fresh.rows - windowRows < 20)
      throw new CodedError('dataset-empty', `Only ${fresh.rows} new rows: bring at least 25 labelled rows to retrain.`);
    const trainPath = join(work, 'train.parquet');
    const windowPath = join(work, 'window.csv');
    const holdoutPath = join(work, 'holdout.csv');
    const cols = [...mj.features.map((f) => f.name), target];
    const keep = cols.map(ident).join(', ');
    const db = await openDb({ signal: ctx.signal });
    let oldRows = 0;
    try {
      const newer = `(SELECT ${keep} FROM read_parquet(${lit(fresh.path)}) LIMIT ${fresh.rows - windowRows})`;
      if (old) {
        oldRows = Number((await db.all(`SELECT count(*)::DOUBLE AS n FROM read_parquet(${lit(old)})`))[0].n);
        await db.exec(
          `COPY (SELECT ${keep} FROM read_parquet(${lit(old)}) UNION ALL BY NAME SELECT * FROM ${newer}) TO ${lit(trainPath)} (FORMAT parquet)`,
        );
      } else await db.exec(`COPY (SELECT * FROM ${newer}) TO ${lit(trainPath)} (FORMAT parquet)`);
      await db.exec(
        `COPY (SELECT ${keep} FROM read_parquet(${lit(fresh.path)}) OFFSET ${fresh.rows - windowRows}) TO ${lit(windowPath)} (HEADER)`,
      );
      const holdout = saved?.testIndices?.length && saved.dataPath && existsSync(saved.dataPath) ? saved : null;
      if (holdout)
        await db.exec(
          `COPY (SELECT ${keep} FROM (SELECT *, row_number() OVER () - 1 AS i FROM read_parquet(${lit(holdout.dataPath!)})) WHERE i IN (SELECT unnest(${lit(JSON.stringify(holdout.testIndices))}::INTEGER[]))) TO ${lit(holdoutPath)} (HEADER)`,
        );
    } finally {
      db.close();
    }
    const profile = await profileDataset(trainPath, { target }, { signal: ctx.signal, emit: () => undefined });
    const plan =
      saved?.plan ?? fallbackPlan(profile, mj.task === 'regression' ? 'regression' : 'classification', target, cols);
    const families = saved?.families?.length ? saved.families : fallbackFamilies(String(mj.family));
    const metric = saved?.metric ?? metricOf(mj);
    const task = mj.task === 'regression' ? 'regression' : 'classification';
    const artifactDir = join(work, 'artifacts');
    await trainTabular(
      {
        dataPath: trainPath,
        task,
        target,
        plan,
        models: families,
        budgetSeconds: input.budgetSeconds ?? saved?.budgetSeconds ?? 60,
        metric,
        artifactDir,
        // Appended: the champion's held-out rows stay out of the challenger's training too.
        ...(old && saved?.testIndices?.length ? { testIndices: saved.testIndices.filter((i) => i < oldRows) } : {}),
      },
      ctx,
    );
    const pipeline = await readPipeline(artifactDir);
    const onnx = pipelineToOnnx(pipeline, { producer: `AutoML Desktop ${input.appVersion}` });
    const onnxPath = join(work, 'challenger.onnx');
    await writeFile(onnxPath, onnx);
    const challengerJson = buildModelJson({
      appVersion: input.appVersion,
      task: mj.task,
      pipeline,
      family: pipeline.kind === 'single' ? pipeline.model.family : pipeline.kind,
      metrics: { primary: metric },
      // The challenger is the run's best model: its held-out predictions are the reference for prediction drift.
      trainingData: {
        rows: profile.rows,
        columns: profile.columns.length,
        profile,
        ...(await heldOutReference(artifactDir, pipeline)),
      },
      trainingSeconds: 0,
      modelId: input.modelId,
    });
    const score = async (m: { onnxPath: string; modelJson: typeof mj }, path: string, name: string) =>
      existsSync(path) ? scoreOn(m, path, join(work, name), metric) : null;
    const champion: ChallengeScore = {
      version: champ.version,
      window: await score({ onnxPath: champ.onnxPath, modelJson: mj }, windowPath, 'c-window.csv'),
      holdout: existsSync(holdoutPath)
        ? await score({ onnxPath: champ.onnxPath, modelJson: mj }, holdoutPath, 'c-holdout.csv')
        : trainingLevel(mj),
    };
    const challengerWindow = await score({ onnxPath, modelJson: challengerJson }, windowPath, 'n-window.csv');
    const challengerHoldout = await score({ onnxPath, modelJson: challengerJson }, holdoutPath, 'n-holdout.csv');
    // The new version records how it was trained and how it scored, like an export would.
    const planRecord: TrainingPlan = {
      plan,
      families,
      budgetSeconds: input.budgetSeconds ?? saved?.budgetSeconds ?? 60,
      metric,
      dataPath: null,
      testIndices: null,
    };
    const explainer = hasArtifact(artifactDir, 'explainer')
      ? await readFile(artifactPath(artifactDir, 'explainer'), 'utf8')
      : null;
    const schema = (await registry.list()).find((m) => m.modelId === input.modelId)?.schema;
    const pending = await registry.prepare({
      modelId: input.modelId,
      ...(schema ? { schema } : {}),
      modelJson: {
        ...challengerJson,
        metrics: { primary: metric, test: challengerWindow === null ? {} : { [metric]: challengerWindow } },
      },
      onnx,
      dataset: `retrain: ${fresh.originalName}`,
      extraFiles: {
        [TRAINING_PLAN_FILE]: JSON.stringify(planRecord),
        // The challenger's explanations (made at its training), so predict --explain and the Predict screen explain it.
        ...(explainer ? { [BUNDLE_FILES.explainer]: explainer } : {}),
      },
    });
    const challenger: ChallengeScore = {
      version: pending.version,
      window: challengerWindow,
      holdout: challengerHoldout,
    };
    const { promoted, reason } = decide(metric, champion, challenger, settings.promoteMarginPct);
    // A challenger that did not win is published as a candidate: the champion stays active throughout.
    await pending.commit({ activate: promoted });
    const at = Date.now();
    const result: ChallengeResult = {
      challengeId: `c-${randomBytes(4).toString('hex')}`,
      at,
      metric,
      champion,
      challenger,
      windowRows,
      holdoutRows: saved?.testIndices?.length ?? 0,
      mode: input.mode,
      dataFile: fresh.originalName,
      marginPct: settings.promoteMarginPct,
      promoted,
      reason,
    };
    await withLog(input.dataDir, input.modelId, async (conn) => {
      await addEvent(conn, 'challenge', at, result);
      await addEvent(conn, 'version', at, {
        at,
        version: challenger.version,
        from: champ.version,
        kind: promoted ? 'promote' : 'candidate',
        reason,
      });
      if (promoted) await closeForVersionChange(conn, challenger.version, at);
    });
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A model.json without a saved plan: the default plan on the new data, with only the champion's inputs. */
function fallbackPlan(
  profile: Parameters<typeof defaultPlan>[0],
  task: 'regression' | 'classification',
  target: string,
  keep: string[],
) {
  const plan = defaultPlan(profile, { task, target });
  return { ...plan, columns: plan.columns.map((c) => (keep.includes(c.name) ? c : { ...c, role: 'drop' as const })) };
}

function fallbackFamilies(family: string): ModelFamily[] {
  return isTrainableFamily(family) ? [family] : ['gradient_boosting'];
}
