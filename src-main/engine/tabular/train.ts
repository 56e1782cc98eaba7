import { mkdirSync } from 'node:fs';
import { CodedError } from '@shared/errors';
import type { Emit, TrainingEvent } from '@shared/events';
import type { LeaderboardRow, PreprocessPlan, TrainingSummary } from '@shared/project';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS, type MetricName, type ModelFamily } from '@shared/tasks';
import { loadFrame } from '../frame/load-frame';
import type { EnsemblePipeline, FittedPipeline, InputKind } from '../pipeline/types';
import { computeMetrics, confusionMatrix, metricValue, oriented, predictedClasses } from '../metrics';
import { isTrainableFamily, styleOf } from '../models/registry';
import { featureColumns, inputKindFor } from '../preprocess/fit-steps';
import { caruana } from '../search/ensemble';
import { nestedBest, nestedBlend } from '../search/nested';
import { defaultPortfolio, searchConfigs, type Config } from '../search/portfolio';
import { treesOutclassed } from '../search/text-trees';
import {
  flatMembers,
  outWidth,
  runConfig,
  targetTransformOf,
  unionInputs,
  validationRows,
  type TrainData,
  type Trial,
} from './evaluate';
import { familyLabel } from './plan';
import { offersLogTarget } from './log-target';
import { keepStep } from './curve-steps';
import { diagnostics, holdoutTable, permutationImportance } from './report';
import { explainTraining } from '../explain/training';
import { writeCsvFile } from '../util/csv-writer';
import { makeSplit } from './split';
import { tryStack } from './stack-step';
import { chooseThreshold, labelMetrics } from '../search/threshold';
import { prepareTarget } from './target';
import { budgetNow } from '../util/budget-clock';
import { collectGarbage } from '../util/collect-garbage';
import { SIMPLER_MODEL_SES, selectionMetric, winsBeyondNoise } from '../search/prefer-simple';
import { refitOnAllRows } from './refit';
import {
  refitCost,
  refitRatio,
  refitTargetSeconds,
  sampledSearchEnd,
  sampleForSearch,
  someRows,
} from './search-sample';
import { artifactPath, writeArtifact, writePipeline } from '../artifacts/store';
import { yieldToEvents } from '../util/yield-to-events';
import { ProgressReporter } from '../util/progress';
import {
  appendSearched,
  appendTrial,
  keepSearchFit,
  readTrialLog,
  startTrialLog,
  trialKey,
  type SavedSearch,
} from './trial-log';

/** What the trainer worker passes in. `models` are the families to try; `budgetSeconds` bounds the whole run. */
export interface TabularTrainInput {
  dataPath: string;
  task: 'regression' | 'classification';
  target: string;
  plan: PreprocessPlan;
  models: ModelFamily[];
  budgetSeconds: number;
  metric?: MetricName;
  seed?: number;
  artifactDir: string;
  /** Optional fixed test rows (0-based file rows), e.g. a benchmark's shared split; otherwise drawn from the seed. */
  testIndices?: number[];
  /**
   * Continue the previous run's search (same data, plan and split, read from `artifactDir`'s trial log): its
   * finished models stand in the leaderboard and the ensemble as they were, configurations already tried are not
   * tried again, and this run's budget goes to new ones. Without a matching log the search starts from scratch.
   */
  continueSearch?: boolean;
}

export interface TabularTrainResult {
  summary: TrainingSummary;
  bestPipelinePath: string;
  pipelinePaths: Record<string, string>;
  holdoutPath: string;
  splitPath: string;
}

interface Done {
  id: string;
  row: LeaderboardRow;
  trial: Trial;
  score: number;
}

/**
 * Trains and compares tabular models within the budget: strong defaults, then random search around the
 * best families, then greedy ensemble selection; writes pipelines, holdout predictions and the split.
 */
export async function trainTabular(
  input: TabularTrainInput,
  ctx: { signal: AbortSignal; emit: Emit<TrainingEvent> },
): Promise<TabularTrainResult> {
  const budgetMs = Math.max(1, input.budgetSeconds) * 1000;
  const started = budgetNow();
  const startedWall = Date.now();
  // The search leaves a share of the budget for the work after it (postSearchShare): blending, stacking, refits,
  // importance, explanations and artifacts, each with its own deadline inside that share.
  const post = postSearchShare(input.budgetSeconds);
  const at = (fraction: number): number => started + budgetMs * fraction;
  let searchEnd = at(1 - post);
  const progress = new ProgressReporter(ctx.emit, budgetMs);
  const seed = input.seed ?? 42;
  const { plan, task } = input;
  const metric: MetricName = input.metric ?? (task === 'regression' ? 'rmse' : 'accuracy');
  const allowed: readonly string[] = task === 'regression' ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
  if (!allowed.includes(metric)) {
    throw new CodedError(
      'invalid-input',
      `Metric '${metric}' does not apply to ${task}. Use one of: ${allowed.join(', ')}.`,
    );
  }
  mkdirSync(input.artifactDir, { recursive: true });
  progress.reportByTime('Reading data');

  const feats = featureColumns(plan).filter((c) => c.name !== input.target);
  if (!feats.length) {
    throw new CodedError(
      'invalid-input',
      `No feature columns are left to learn '${input.target}' from. Un-drop at least one column on the Preprocess step.`,
    );
  }
  const kinds: Record<string, InputKind> = Object.fromEntries(feats.map((c) => [c.name, inputKindFor(c)]));
  kinds[input.target] = task === 'regression' ? 'numeric' : 'categorical';
  const frame = await loadFrame(input.dataPath, { columns: [...feats.map((c) => c.name), input.target], kinds });
  const target = prepareTarget(frame.get(input.target) as NonNullable<ReturnType<typeof frame.get>>, task);
  if (target.rows.length < 10)
    throw new CodedError(
      'dataset-invalid',
      `Only ${target.rows.length} rows have a value for '${input.target}'; at least 10 are needed.`,
    );
  const planForFeatures: PreprocessPlan = { ...plan, columns: plan.columns.filter((c) => c.name !== input.target) };
  const dateCol = plan.columns.find((c) => c.role === 'date');
  const order = dateCol ? (frame.get(dateCol.name)?.values as Float64Array | undefined) : undefined;
  // A huge training set is searched on a sample of its rows; the chosen models are refitted on all of them.
  const { split, sample } = sampleForSearch(
    makeSplit(
      target.rows,
      target.info,
      plan,
      seed,
      order instanceof Float64Array ? order : undefined,
      input.testIndices,
    ),
    target.info,
    feats.length,
    { stratified: plan.validation.stratified, seed },
  );
  const valRows = validationRows(split);
  // Holdout mode leaves half as much again: the final models are refitted on all training rows (refit.ts).
  if (split.mode !== 'kfold') searchEnd = at(1 - 1.5 * post);
  const ordinarySearchEnd = searchEnd;
  // A sampled search has ended (or will end) early to leave time for refitting a configuration on all rows.
  let refitPlanned = false;
  const refitDeadline = at(1 - 0.8 * post);
  const data: TrainData = {
    frame,
    plan: planForFeatures,
    target,
    targetName: input.target,
    split,
    valRows,
    seed,
    hasText: feats.some((c) => inputKindFor(c) === 'text'),
    cache: { byRows: new WeakMap(), bytes: 0 },
  };
  const splitPath = writeArtifact(input.artifactDir, 'split', {
    testIndices: Array.from(split.test),
    seed,
    testFraction: plan.validation.testFraction,
    validation: {
      kind: split.mode,
      folds: split.folds.length / split.repeats,
      repeats: split.repeats,
      stratified: plan.validation.stratified,
      ...(dateCol ? { orderedBy: dateCol.name } : {}),
      validationIndices: split.mode === 'kfold' ? undefined : Array.from(valRows),
    },
  });

  const k = outWidth(target);
  const nClasses = target.info.nClasses;
  const metricTask = task;
  // The score models are chosen by (log loss for classifiers judged on accuracy); the leaderboard still shows and
  // sorts by the person's metric.
  const selectBy = selectionMetric(task, metric);
  const yVal = Float64Array.from(valRows, (r) => target.info.y[r]);
  const yTest = Float64Array.from(split.test, (r) => target.info.y[r]);
  const hasText = data.hasText;
  // A classification table of text alone gives trees up once the text linear models clearly beat them (text-trees.ts).
  const textOnly = task !== 'regression' && feats.every((c) => inputKindFor(c) === 'text');
  let treesDropped = false;
  const families = input.models.filter(isTrainableFamily);
  const done: Done[] = [];
  const leaderboard: LeaderboardRow[] = [];
  const pipelinePaths: Record<string, string> = {};
  const fitTimes = new Map<string, number>();
  let cancelled = false;
  let counter = 0;

  // Regression on a non-negative, right-skewed target also tries boosting on log(y) (tabular/log-target.ts).
  const logTarget = task === 'regression' && offersLogTarget(Float64Array.from(split.train, (r) => target.info.y[r]));
  const queue: Config[] = defaultPortfolio(families, hasText, sample ? sample.fitRows : split.train.length, logTarget);
  const sortRows = (): LeaderboardRow[] => [...leaderboard].sort((a, b) => scoreOfRow(b) - scoreOfRow(a));
  const scoreOfRow = (r: LeaderboardRow): number =>
    (r.status === 'done' ? oriented(metric, r.metrics[metric] ?? NaN) : -Infinity) || -Infinity;
  let searched = 0;
  // Continuing a search: the previous run's trials are valid only for the same task, data, plan and split.
  const logKey = trialKey({
    task,
    target: input.target,
    metric,
    seed,
    plan: planForFeatures,
    rows: target.rows.length,
    test: Array.from(split.test),
    validation: Array.from(valRows),
    folds: [split.mode, split.folds.length, split.repeats],
    searchRows: sample?.fitRows ?? null,
  });
  const saved = input.continueSearch ? readTrialLog(input.artifactDir, logKey) : null;
  const carried: SavedSearch | null = saved && {
    searched: saved.searched,
    trials: saved.trials.filter((t) => families.includes(t.config.family)),
  };
  startTrialLog(input.artifactDir, logKey, carried);
  /** Configurations tried, by their JSON (the order of keys is the config's own, in a log read back as written). */
  const tried = new Set<string>();
  if (carried) {
    progress.reportByTime(`Continuing from ${carried.trials.length} saved models`);
    searched = carried.searched;
    for (const c of carried.trials) {
      const id = c.id;
      tried.add(JSON.stringify(c.config));
      counter = Math.max(counter, Number(/-(\d+)$/.exec(id)?.[1] ?? 0));
      const row: LeaderboardRow = { ...c.row, params: { ...c.row.params } };
      leaderboard.push(row);
      pipelinePaths[id] = writePipeline(input.artifactDir, id, c.trial.pipeline);
      noteFitTime(fitTimes, c.config, c.trial.fitSeconds * 1000);
      done.push({ id, row, trial: c.trial, score: oriented(selectBy, row.metrics[selectBy] ?? NaN) });
      ctx.emit({ type: 'TRAIN_RUN_FINISHED', payload: { row } });
    }
    if (carried.trials.length) ctx.emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: sortRows(), metric } });
  }

  while (true) {
    await yieldToEvents();
    if (ctx.signal.aborted) {
      cancelled = true;
      break;
    }
    if (!queue.length && done.length) {
      // Random search around the best families so far, in batches until the budget is used.
      const best = [...done]
        .sort((a, b) => b.score - a.score)
        .map((d) => d.trial.family)
        .filter((f) => !treesDropped || styleOf(f) !== 'tree');
      queue.push(...searchConfigs([...new Set(best)], 40, seed + searched, hasText, logTarget));
      searched++;
      appendSearched(input.artifactDir, searched);
    }
    const config = queue.shift();
    if (!config) break;
    // A configuration already tried (in this run or in the one it continues) is not tried again.
    const key = JSON.stringify(config);
    if (tried.has(key)) continue;
    const remaining = searchEnd - budgetNow();
    const expected = expectedFitTime(fitTimes, config);
    // Skip a configuration that would clearly overrun (iterative ones stop at the deadline anyway).
    const iterative = ['gradient_boosting', 'random_forest', 'extra_trees', 'mlp'].includes(config.family);
    if (remaining <= 0) break;
    if (expected !== undefined && !iterative && expected > remaining) continue;
    if (expected !== undefined && iterative && expected * 0.3 > remaining) continue;
    // Random batches of a small space repeat configurations: each is tried once per run.
    tried.add(key);
    const id = `${config.family}-${++counter}`;
    const row: LeaderboardRow = {
      modelId: id,
      family: config.family,
      label:
        familyLabel(config.family) +
        (targetTransformOf(config.params) ? ' on log scale' : '') +
        (hasText && config.params.text === 'chars' ? ' on character n-grams' : ''),
      params: config.params,
      metrics: {},
      fitSeconds: 0,
      status: 'running',
    };
    progress.reportByTime(`Training ${row.label}`, { modelId: id, family: config.family, modelFraction: 0 });
    let trial: Trial;
    try {
      trial = await runConfig(data, config.family, config.params, {
        signal: ctx.signal,
        deadline: searchEnd,
        abandonLate: done.length > 0,
        // Further k-fold repetitions only for contenders: at least the third best score so far.
        repeatIf: (first) => {
          if (done.length < 3) return true;
          const s = oriented(selectBy, computeMetrics(metricTask, yVal, first, nClasses)[selectBy] ?? NaN);
          const third = done.map((d) => d.score).sort((a, b) => b - a)[2];
          return s >= third;
        },
        onIteration: (fold, step, loss, frac) => {
          progress.reportByTime(`Training ${row.label}`, { modelId: id, family: config.family, modelFraction: frac });
          if (fold === 0 && loss !== null && keepStep(step)) {
            ctx.emit({
              type: 'METRIC_SCALAR',
              payload: { modelId: id, name: 'loss', split: 'validation', step, value: loss },
            });
          }
        },
      });
    } catch (err) {
      if (err instanceof CodedError && err.code === 'cancelled') {
        cancelled = true;
        break;
      }
      // The budget ran out mid-way through this model's folds: stop searching, keep the finished ones.
      if (err instanceof CodedError && err.code === 'limit-exceeded' && done.length && budgetNow() > searchEnd) break;
      row.status = 'failed';
      row.error = err instanceof Error ? err.message : String(err);
      leaderboard.push(row);
      ctx.emit({ type: 'TRAIN_RUN_FINISHED', payload: { row } });
      ctx.emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: sortRows(), metric } });
      continue;
    }
    noteFitTime(fitTimes, config, trial.fitSeconds * 1000);
    row.metrics = computeMetrics(metricTask, yVal, trial.valPred, nClasses);
    row.testMetrics = computeMetrics(metricTask, yTest, trial.testPred, nClasses);
    row.fitSeconds = round3(trial.fitSeconds);
    if (trial.bestIteration) row.params = { ...row.params, best_iteration: trial.bestIteration };
    if (split.mode === 'kfold') row.params = { ...row.params, cv_repeats: trial.repeats };
    if (sample) row.params = { ...row.params, search_rows: sample.fitRows };
    row.status = 'done';
    leaderboard.push(row);
    const path = writePipeline(input.artifactDir, id, trial.pipeline);
    pipelinePaths[id] = path;
    ctx.emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'pipeline', path } });
    done.push({ id, row, trial, score: oriented(selectBy, row.metrics[selectBy] ?? NaN) });
    if (
      textOnly &&
      !treesDropped &&
      treesOutclassed(done.map((d) => ({ family: d.trial.family, score: scoreOfRow(d.row) })))
    ) {
      treesDropped = true;
      queue.splice(0, queue.length, ...queue.filter((c) => styleOf(c.family) !== 'tree'));
    }
    appendTrial(input.artifactDir, { id, config, row: { ...row, params: { ...row.params } }, trial });
    if (sample) {
      const now = budgetNow();
      const candidates = done.map((d) => ({ score: d.score, fitSeconds: d.trial.fitSeconds }));
      const seconds = refitTargetSeconds(candidates, sample, refitDeadline - now);
      if (seconds !== undefined) {
        refitPlanned = true;
        searchEnd = sampledSearchEnd(sample, seconds, { now, searchEnd: ordinarySearchEnd, refitDeadline });
      } else if (refitPlanned) {
        // The search ran past the end it had left for a refit (a fit's test predictions on a huge test set come
        // after its last round): stop now rather than give the refit up and search to the ordinary end.
        searchEnd = Math.min(searchEnd, now);
      }
    }
    ctx.emit({ type: 'TRAIN_RUN_FINISHED', payload: { row } });
    ctx.emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: sortRows(), metric } });
  }

  if (!done.length) {
    if (cancelled) throw new CodedError('cancelled', 'Training was cancelled before any model finished.');
    const reasons = leaderboard.map((r) => `${r.modelId}: ${r.error}`).join('; ');
    throw new CodedError(
      'internal',
      `No model could be trained. ${reasons || 'The budget was too small; raise --budget.'}`,
    );
  }

  /** Replaces each trial by its refit on all training rows (refit.ts), in order, until the refit deadline. */
  const refitAll = async (list: Done[]): Promise<void> => {
    // After a sampled search the refits see all rows: their matrices are not cached (nor are the search's kept).
    if (sample) data.cache = undefined;
    for (const d of list) {
      const left = refitDeadline - budgetNow();
      if (ctx.signal.aborted || left <= 0) return;
      if (d.row.params.refit_all_rows === true) continue;
      // A refit sees 25% more rows than the holdout fit (boosting: without the rounds past the best), or all
      // training rows after a sampled search.
      // A sampled search planned its end with refitCost's margin; here the refit is tried when its expected time
      // fits (one cut short by the deadline keeps the sample's fit).
      const cost = sample ? refitRatio(sample) : refitCost(null);
      if (d.trial.fitSeconds * 1000 * cost > left) continue;
      progress.reportByTime(`Refitting ${d.row.label} on all training rows`);
      // After a sampled search each refit builds a matrix of all training rows (gigabytes at 10M rows): the last
      // one's must be gone before the next is filled (see collectGarbage).
      if (sample) collectGarbage();
      const refit = await refitOnAllRows(data, d.trial, { signal: ctx.signal, deadline: refitDeadline });
      if (!refit) continue;
      d.trial = refit;
      d.row.testMetrics = computeMetrics(metricTask, yTest, refit.testPred, nClasses);
      d.row.params = { ...d.row.params, refit_all_rows: true };
      keepSearchFit(input.artifactDir, d.id);
      pipelinePaths[d.id] = writePipeline(input.artifactDir, d.id, refit.pipeline);
    }
  };
  // After a sampled search the final model is fitted on all training rows: the configurations are refitted in order
  // of score while each refit fits before the deadline (a leader too slow for it is passed over), and only the
  // refitted ones go on to the choice below. When none could be, the sample's fits stay (the leaderboard says so).
  if (sample && !cancelled) {
    await refitAll([...done].sort((a, b) => b.score - a.score));
    const refitted = done.filter((d) => d.row.params.refit_all_rows === true);
    if (refitted.length) done.splice(0, done.length, ...refitted);
  }
  if (!cancelled && split.mode !== 'kfold' && done.length === 1) await refitAll(done);

  // Greedy ensemble over validation predictions of the finished models.
  // `honest`: nested out-of-fold predictions of the procedure that made the choice (search/nested.ts), which the
  // best single model, the blend, the stack and the one-SE rule are compared on.
  type Chosen = { id: string; pipeline: FittedPipeline; testPred: Float64Array; honest: Float64Array };
  const chosen = (d: Done, honest = d.trial.valPred): Chosen => ({
    id: d.id,
    pipeline: d.trial.pipeline,
    testPred: d.trial.testPred,
    honest,
  });
  const honestScore = (p: Float64Array): number =>
    oriented(selectBy, metricValue(metricTask, yVal, p, nClasses, selectBy)) || -Infinity;
  const ranked = [...done].sort((a, b) => b.score - a.score);
  // Choosing the best of many configurations on the same rows that score it: judged on nested predictions of that
  // choice (on few validation rows only; on many, its optimism is small and nesting costs 5x the blend).
  const nestChoices = yVal.length <= NESTED_MAX_ROWS;
  const bestOf = (list: Done[]): Float64Array =>
    nestChoices && list.length > 1
      ? nestedBest(
          list.slice(0, 20).map((d) => d.trial.valPred),
          yVal,
          metricTask,
          nClasses,
          selectBy,
        )
      : list[0].trial.valPred;
  let best: Chosen = chosen(ranked[0], bestOf(ranked));
  if (!cancelled && done.length > 1) {
    progress.reportByTime('Blending the best models');
    const pool = ranked.slice(0, 20);
    // Classifiers are blended on log loss: a smooth, proper score generalises better than greedy accuracy steps.
    const blendMetric: MetricName = metricTask === 'classification' ? 'log_loss' : metric;
    const { weights } = caruana(
      pool.map((d) => d.trial.valPred),
      yVal,
      metricTask,
      nClasses,
      blendMetric,
    );
    const members = pool.map((d, i) => ({ d, w: weights[i] })).filter((m) => m.w > 0);
    // Holdout mode: the blend's members and the best model are refitted on all training rows while time allows.
    if (split.mode !== 'kfold') {
      const simple = bestSimple(done);
      const order = [pool[0], ...[...members].sort((a, b) => b.w - a.w).map((m) => m.d), ...(simple ? [simple] : [])];
      await refitAll([...new Set(order)]);
      best = chosen(pool[0], best.honest);
    }
    if (members.length > 1) {
      const valPred = blend(members.map((m) => ({ pred: m.d.trial.valPred, w: m.w })));
      const testPred = blend(members.map((m) => ({ pred: m.d.trial.testPred, w: m.w })));
      // The blend's weights were fitted on these rows: it is judged on nested predictions of the blending, against
      // nested predictions of picking the best single model (ties go to the single model). The leaderboard shows
      // the nested score too (the weights' own rows flatter them, most on small tables).
      const honest = nestChoices
        ? nestedBlend(
            pool.map((d) => d.trial.valPred),
            yVal,
            metricTask,
            nClasses,
            blendMetric,
          )
        : valPred;
      const metrics = computeMetrics(metricTask, yVal, honest, nClasses);
      if (
        nestChoices ? honestScore(honest) > honestScore(best.honest) : honestScore(honest) >= honestScore(best.honest)
      ) {
        const ens: EnsemblePipeline = {
          kind: 'ensemble',
          task: target.info.kind,
          target: input.target,
          ...(target.classes ? { classes: target.classes } : {}),
          inputs: unionInputs(members.map((m) => m.d.trial.pipeline.inputs)),
          // Bagged fold models are flattened: every member is one single pipeline with its share of the weight.
          members: members.flatMap((m, b) => flatMembers(m.d.trial.pipeline, m.w, b)),
        };
        const row: LeaderboardRow = {
          modelId: 'ensemble',
          family: 'ensemble',
          label: `Ensemble of ${members.length}`,
          params: Object.fromEntries(members.map((m) => [m.d.id, round3(m.w)])),
          metrics,
          testMetrics: computeMetrics(metricTask, yTest, testPred, nClasses),
          fitSeconds: 0,
          status: 'done',
        };
        leaderboard.push(row);
        const path = writePipeline(input.artifactDir, 'ensemble', ens);
        pipelinePaths.ensemble = path;
        best = { id: 'ensemble', pipeline: ens, testPred, honest };
        ctx.emit({ type: 'TRAIN_RUN_FINISHED', payload: { row } });
        ctx.emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: sortRows(), metric } });
      }
    }
  }

  if (!cancelled && done.length > 1) {
    progress.reportByTime('Stacking the best models');
    const stack = tryStack(done, {
      target,
      targetName: input.target,
      yVal,
      yTest,
      metric: selectBy,
      deadline: at(1 - 0.7 * post),
      best: best.honest,
    });
    if (stack) {
      leaderboard.push(stack.row);
      const path = writePipeline(input.artifactDir, 'stack', stack.pipeline);
      pipelinePaths.stack = path;
      // Its nested out-of-fold predictions (the combiner never saw those rows) stand for it in the rule below.
      best = { id: 'stack', pipeline: stack.pipeline, testPred: stack.testPred, honest: stack.heldOut };
      ctx.emit({ type: 'TRAIN_RUN_FINISHED', payload: { row: stack.row } });
      ctx.emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: sortRows(), metric } });
    }
  }

  // Simpler-model rule (search/prefer-simple.ts): the best regularised linear model replaces the winner unless the
  // winner is better out of fold by more than SIMPLER_MODEL_SES standard errors of the comparison.
  // Both sides on nested predictions of their choice: the best linear model is itself the best of many.
  const simples = ranked.filter((d) => SIMPLE_FAMILIES.has(d.trial.family));
  const simple = simples[0];
  if (
    !cancelled &&
    simple &&
    simple.id !== best.id &&
    !winsBeyondNoise(metricTask, yVal, best.honest, bestOf(simples), nClasses, SIMPLER_MODEL_SES)
  )
    best = chosen(simple);

  // Binary decision threshold (search/threshold.ts): for a metric that weighs both classes alike (F1 macro, the
  // Models step's metric on imbalanced classes), the cut of p(class 1) chosen on the winner's nested out-of-fold
  // predictions, kept when a cut chosen on 4/5 of those rows beats 0.5 on the other fifth. It travels in the
  // pipeline (predict, ONNX, notebook, model.json) and the winner's row shows the nested labels' scores.
  const decision = !cancelled && target.info.kind === 'binary' ? chooseThreshold(best.honest, yVal, metric) : null;
  const threshold = decision?.threshold;
  if (decision) {
    best = { ...best, pipeline: { ...best.pipeline, decisionThreshold: decision.threshold } };
    const row = leaderboard.find((r) => r.modelId === best.id);
    if (row) {
      row.params = { ...row.params, decision_threshold: Math.round(decision.threshold * 1e4) / 1e4 };
      row.metrics = { ...row.metrics, ...labelMetrics(yVal, decision.nestedLabels) };
      row.testMetrics = computeMetrics(metricTask, yTest, best.testPred, nClasses, decision.threshold);
      ctx.emit({ type: 'TRAIN_RUN_FINISHED', payload: { row } });
    }
  }

  progress.reportByTime('Writing the test predictions');
  const bestPipelinePath = writeArtifact(input.artifactDir, 'pipeline', best.pipeline);
  const holdoutPath = artifactPath(input.artifactDir, 'holdout');
  const holdout = holdoutTable(split.test, target.info.y, best.testPred, target.classes, threshold);
  await writeCsvFile(holdoutPath, holdout.header, holdout.rows);
  ctx.emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'predictions', path: holdoutPath } });
  // Importance and explanations share what is left of the budget (each does at least a minimum).
  progress.reportByTime('Measuring which columns matter');
  const importanceDeadline = at(1 - 0.6 * post);
  const importance = permutationImportance(
    best.pipeline,
    frame,
    split.test,
    yTest,
    metric,
    seed,
    importanceDeadline,
    cancelled ? 1 : 3,
  );
  // After a sampled search the explainer's background is drawn from a sample of the training rows (it keeps at most
  // 100,000 anyway): copying all of a huge table's training rows first would hold gigabytes.
  progress.reportByTime('Explaining the best model');
  const explainSplit = sample ? { train: someRows(split.train, 100_000, seed), test: split.test } : split;
  const explanations = explainBest(best, frame, explainSplit, target, input.artifactDir, {
    seed,
    signal: ctx.signal,
    // On the budget clock, like every deadline of the run: what is left of the budget, at least 5% of it (up to
    // 3 s) so that a run whose search used everything is still explained over a few rows.
    deadline: Math.max(at(1 - 0.1 * post), budgetNow() + Math.min(3000, budgetMs * 0.05)),
  });
  progress.reportByTime('Writing the leaderboard');
  let confusion: TrainingSummary['confusion'];
  if (target.classes) {
    const labels = target.classes;
    const hit = predictedClasses(best.testPred, yTest.length, k, threshold);
    confusion = { labels, matrix: confusionMatrix(yTest, hit, k) };
    ctx.emit({ type: 'CONFUSION_MATRIX_READY', payload: { modelId: best.id, ...confusion } });
  }
  const rows = sortRows();
  writeArtifact(input.artifactDir, 'leaderboard', { metric, rows });
  const summary: TrainingSummary = {
    task,
    metric,
    ...(selectBy !== metric ? { selectedBy: selectBy } : {}),
    leaderboard: rows,
    bestModelId: best.id,
    elapsedSeconds: round3((Date.now() - startedWall) / 1000),
    cancelled,
    ...(carried ? { continuedFrom: carried.trials.length } : {}),
    featureImportance: importance.columns,
    ...(confusion ? { confusion } : {}),
    diagnostics: diagnostics(yTest, best.testPred, target.classes, seed),
    artifactDir: input.artifactDir,
    ...(explanations ? { explanations } : {}),
  };
  progress.done(cancelled ? 'Cancelled: kept the finished models' : 'Training finished');
  return { summary, bestPipelinePath, pipelinePaths, holdoutPath, splitPath };
}

/**
 * The share of the budget left after the search for the work that follows it: 10% from 30 s on, more for a short
 * budget (20% at 8 s), where the fixed part of that work (compiling the trees to explain, scoring the test rows)
 * is a larger share. On the wall clock both sides slow down alike under load, so a share holds at any load.
 */
export function postSearchShare(budgetSeconds: number): number {
  return 0.1 + 0.1 * Math.min(1, Math.max(0, (30 - budgetSeconds) / 22));
}

/** A configuration's feature recipe as far as its cost goes: spline knots multiply the numeric columns. */
const knotsOf = (c: Config): number => (typeof c.params.splines === 'number' ? c.params.splines : 0);

/** Records the longest fit so far of the configuration's family and of its family and recipe. */
function noteFitTime(times: Map<string, number>, c: Config, ms: number): void {
  for (const key of [c.family, `${c.family}|${knotsOf(c)}`]) times.set(key, Math.max(times.get(key) ?? 0, ms));
}

/**
 * The time a configuration is expected to take (ms), undefined before its family has run once: the longest fit of
 * the same family and recipe, or for a recipe not run yet the family's scaled by the width it adds (a spline
 * logistic on a big table takes many times the plain one's time, and its features cannot stop half way).
 */
export function expectedFitTime(times: Map<string, number>, c: Config): number | undefined {
  const same = times.get(`${c.family}|${knotsOf(c)}`);
  if (same !== undefined) return same;
  const family = times.get(c.family);
  return family === undefined ? undefined : family * (1 + knotsOf(c));
}

/** Validation rows up to which choices among models are judged on nested predictions (search/nested.ts). */
const NESTED_MAX_ROWS = 10_000;

/** Regularised linear families: the simple side of the one-standard-error rule. */
const SIMPLE_FAMILIES = new Set<string>(['logistic', 'ridge', 'linear', 'lasso', 'elasticnet', 'svm']);

/** The best finished regularised linear model, if any. */
function bestSimple(done: Done[]): Done | undefined {
  return [...done].filter((d) => SIMPLE_FAMILIES.has(d.trial.family)).sort((a, b) => b.score - a.score)[0];
}

/**
 * SHAP explanations of the best model over held-out rows, and its explainer (explainer.json) for explaining later
 * predictions. A model that cannot be explained still trains: the Review screen then shows no explanation.
 */
function explainBest(
  best: { id: string; pipeline: FittedPipeline },
  frame: Parameters<typeof explainTraining>[1],
  split: { train: Int32Array; test: Int32Array },
  target: ReturnType<typeof prepareTarget>,
  artifactDir: string,
  opts: { seed: number; signal: AbortSignal; deadline: number },
): TrainingSummary['explanations'] {
  if (!split.test.length) return undefined;
  try {
    const { classes, info } = target;
    const actual = (row: number): string | null => {
      const y = info.y[row];
      if (!Number.isFinite(y)) return null;
      return classes ? (classes[y] ?? null) : String(y);
    };
    const { explanations, explainer } = explainTraining(best.pipeline, frame, split, {
      modelId: best.id,
      ...opts,
      actual,
    });
    writeArtifact(artifactDir, 'explainer', explainer);
    return explanations;
  } catch (err) {
    if (err instanceof CodedError && err.code === 'cancelled') return undefined;
    console.warn(
      `Explaining the best model failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return undefined;
  }
}

function blend(parts: Array<{ pred: Float64Array; w: number }>): Float64Array {
  const out = new Float64Array(parts[0].pred.length);
  for (const { pred, w } of parts) for (let i = 0; i < out.length; i++) out[i] += w * pred[i];
  return out;
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
