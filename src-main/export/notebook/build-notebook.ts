import { notebookWithWrittenNames } from '../written-names';
import { ARTIFACT_FILES, BUNDLE_FILES } from '../../engine/artifacts/files';
import { CodedError } from '@shared/errors';
import type { PreprocessPlan, TextFormat } from '@shared/project';
import type { MetricName, ModelFamily, Task } from '@shared/tasks';
import type { FittedPipeline, InputSpec, SinglePipeline } from '../../engine/pipeline/types';
import { configCell, dataPathCode, importsCell, introCells } from './cells-setup';
import { loadCells, splitCells } from './cells-data';
import { onnxCells } from './cells-onnx';
import { explainCells } from './cells-explain';
import { explainPlan } from '../../engine/explain/explain';
import { evaluateCells, modelCells, preprocessCells, type MemberCode } from './cells-train';
import { columnSpecs, type ColumnSpec } from './column-specs';
import { estimatorCode, type Params } from './model-code';
import { codeCell, markdownCell, notebookOf, type NotebookCell, type NotebookJson } from './nbformat';
import { preprocessorCode, needsTargetEncoder } from './preprocess-code';

export type { NotebookCell, NotebookJson } from './nbformat';
export { codeCell, markdownCell } from './nbformat';

/** Everything the notebook generator reads. Nothing here is fetched from disk: the caller passes it in. */
export interface NotebookInput {
  /** File name of the training data; the first cell points DATA_PATH at it beside the notebook. */
  dataFileName: string;
  /** False when the bundle holds no data.csv (a big file): dataFileName is then the person's own file. Default true. */
  dataInBundle?: boolean;
  /**
   * How the app read the person's CSV/TSV file (`name`) and the names it gave its columns, in file order. The
   * notebook reads any file other than the bundle's data.csv this way (a `;` file with decimal commas, say).
   */
  source?: NotebookSource;
  task: Task;
  target: string | null;
  plan: PreprocessPlan;
  /** The fitted pipeline (pipeline.json). Null: the plan alone decides the preprocessing and `family` the model. */
  pipeline: FittedPipeline | null;
  /** The app's split (split.json): 0-based row positions of the test rows in the data file. */
  split: { testIndices: number[]; seed: number; testFraction: number };
  /** The app's test metrics for the exported model, printed beside the notebook's. */
  metrics: Partial<Record<MetricName, number>>;
  /** Class labels in the app's order; defaults to pipeline.classes. */
  classes?: string[];
  /** Appended after the generated cells (e.g. task-specific analysis). */
  extraCells?: NotebookCell[];
  /** The exported model's leaderboard hyperparameters (LeaderboardRow.params), used where the pipeline JSON has no trace of them. */
  params?: Params;
  /** Model family when there is no pipeline (LeaderboardRow.family). */
  family?: ModelFamily;
  /** Model label for the prose (LeaderboardRow.label). */
  modelLabel?: string;
  /** Names of the holdout-predictions file inside the bundle, first found wins. Default predictions.csv, holdout.csv. */
  holdoutFiles?: string[];
  /**
   * App name -> name as written in the person's file, for columns renamed for case ('price_1' -> 'price';
   * ColumnProfile.written): the notebook uses the written names throughout (written-names.ts).
   */
  writtenNames?: Record<string, string>;
}

export interface NotebookSource {
  name: string;
  format: TextFormat;
  columns: string[];
}

const FAMILY_LABELS: Partial<Record<ModelFamily, string>> = {
  linear: 'linear regression',
  ridge: 'ridge regression',
  lasso: 'lasso',
  elasticnet: 'elastic net',
  polynomial: 'polynomial regression',
  logistic: 'logistic regression',
  svm: 'linear SVM',
  random_forest: 'random forest',
  extra_trees: 'extra trees',
  gradient_boosting: 'gradient-boosted trees',
  mlp: 'neural network (MLP)',
  naive_bayes: 'naive Bayes',
  kernel: 'RBF kernel model',
  ensemble: 'weighted ensemble',
};

function isSupervised(task: Task): boolean {
  return task === 'regression' || task === 'classification';
}

function memberOf(
  input: NotebookInput,
  single: SinglePipeline | null,
  family: ModelFamily,
  weight: number,
  index: number,
  params: Params,
): MemberCode {
  const specs = columnSpecs(input.plan, single, input.target);
  if (specs.length === 0) {
    throw new CodedError(
      'invalid-input',
      'The notebook needs at least one feature column; the plan drops them all. Keep a column as a feature and export again.',
    );
  }
  const classification = input.task === 'classification';
  const fn = index === 0 ? 'make_preprocessor' : `make_preprocessor_${index + 1}`;
  return {
    specs,
    preprocessor: preprocessorCode(fn, specs),
    estimator: estimatorCode({
      family,
      model: single?.model ?? null,
      params,
      classification,
      classWeights: classification && input.plan.classWeights,
      ...(single?.targetTransform ? { targetTransform: single.targetTransform } : {}),
    }),
    label: (FAMILY_LABELS[family] ?? family.replace(/_/g, ' ')) + (single?.targetTransform ? ' on log scale' : ''),
    weight,
    logTarget: single?.targetTransform !== undefined && !classification,
  };
}

function membersOf(input: NotebookInput): MemberCode[] {
  const p = input.pipeline;
  const params = input.params ?? {};
  if (p?.kind === 'ensemble') {
    // The fold models of one bagged configuration (same `bag`) are one scikit-learn model with their summed weight:
    // scikit-learn refits it on all training rows instead of averaging fold models (an approximation).
    const members: MemberCode[] = [];
    const byBag = new Map<number, MemberCode>();
    p.members.forEach((m) => {
      const seen = m.bag === undefined ? undefined : byBag.get(m.bag);
      if (seen) {
        seen.weight += m.weight;
        return;
      }
      const code = memberOf(input, m.pipeline, m.pipeline.model.family, m.weight, members.length, {});
      if (m.bag !== undefined) byBag.set(m.bag, code);
      members.push(code);
    });
    // Members with the same recipe share one preprocessing function.
    const byCode = new Map<string, string>();
    for (const m of members) {
      const body = m.preprocessor.replace(/^def \w+\(/, 'def _(');
      const fn = byCode.get(body);
      if (fn) m.preprocessor = m.preprocessor.replace(/^def \w+\(/, `def ${fn}(`);
      else byCode.set(body, /^def (\w+)\(/.exec(m.preprocessor)![1]);
    }
    return members;
  }
  if (p?.kind === 'stack') {
    // One scikit-learn model per base (a base's fold models are refitted once on all training rows).
    return p.bases.map((b, i) =>
      memberOf(input, b.pipelines[0], b.pipelines[0].model.family, 1 / p.bases.length, i, {}),
    );
  }
  const family = p?.model.family ?? input.family;
  if (!family || family === 'ensemble') {
    throw new CodedError(
      'invalid-input',
      'The notebook needs the fitted pipeline or the model family. Pass pipeline.json (or family) and export again.',
    );
  }
  return [memberOf(input, p ?? null, family, 1, 0, params)];
}

function inputsOf(pipeline: FittedPipeline | null, specs: ColumnSpec[]): InputSpec[] {
  return pipeline ? pipeline.inputs : specs.map((s) => ({ name: s.name, kind: s.input }));
}

/** A notebook for tasks other than regression/classification: load and summarise the data, then the caller's cells. */
function summaryNotebook(input: NotebookInput): NotebookJson {
  // An image bundle has no data file: its extraCells (image-cells.ts) read the picture folder themselves.
  if (input.task === 'image') {
    const intro = markdownCell(
      "# AutoML Desktop: image classifier\n\nThis notebook runs the exported `model.onnx` on a folder of pictures and checks it against the folder names and the app's own predictions.",
    );
    return notebookOf([intro, ...(input.extraCells ?? [])], { task: input.task, generator: 'automl-desktop' });
  }
  const cells: NotebookCell[] = [
    markdownCell(
      `# AutoML Desktop: ${input.task}\n\nThis notebook loads the data the app analysed and summarises it. Set \`DATA_PATH\` below if the file is elsewhere.`,
    ),
    codeCell(dataPathCode(input)),
    importsCell(false),
    codeCell(
      `df = read_table(DATA_PATH)\nprint(f'{len(df)} rows, {len(df.columns)} columns')\ndf.describe(include='all').T`,
    ),
    ...(input.extraCells ?? []),
  ];
  return notebookOf(cells, { task: input.task, generator: 'automl-desktop' });
}

/**
 * Builds notebook.ipynb (nbformat 4.5) reproducing a regression or classification pipeline in pandas +
 * scikit-learn: data path in the first cell, the app's split, the plan's preprocessing as a ColumnTransformer,
 * an equivalent estimator, metrics beside the app's, then model.onnx scored with onnxruntime (skipped cleanly
 * when onnxruntime is missing). Other tasks get a load-and-summarise notebook plus `extraCells`.
 */
export function buildNotebook(asRead: NotebookInput): NotebookJson {
  const input = notebookWithWrittenNames(asRead);
  if (!isSupervised(input.task)) return summaryNotebook(input);
  if (!input.target)
    throw new CodedError(
      'target-missing',
      `A ${input.task} notebook needs a target column. Choose the target and export again.`,
    );
  const classification = input.task === 'classification';
  const members = membersOf(input);
  const classes = classification ? (input.classes ?? input.pipeline?.classes ?? null) : null;
  const allSpecs = members.flatMap((m) => m.specs);
  const specs = [...new Map(allSpecs.map((s) => [s.name, s])).values()];
  const label = input.modelLabel ?? members.map((m) => m.label).join(' + ');
  if (input.modelLabel && members.length === 1) members[0].label = input.modelLabel;

  // Exact explanations (trees, linear models and their weighted sums) are recomputed from explainer.json.
  const explained = input.pipeline !== null && explainPlan(input.pipeline).exact;
  const cells: NotebookCell[] = [
    ...introCells(input, label, explained),
    configCell(input, classes),
    importsCell(
      needsTargetEncoder(allSpecs),
      members.some((m) => m.estimator.startsWith('LogTargetRegressor(')),
    ),
    ...loadCells(input, specs, classification),
    ...splitCells(input),
    ...preprocessCells(members),
    ...modelCells(members, classification, input.pipeline?.kind === 'stack' ? input.pipeline.combiner : undefined),
    ...evaluateCells(
      input.metrics as Record<string, number>,
      classification,
      input.pipeline?.task === 'binary' ? input.pipeline.decisionThreshold : undefined,
    ),
    ...onnxCells(
      inputsOf(input.pipeline, specs),
      input.holdoutFiles ?? [BUNDLE_FILES.predictions, ARTIFACT_FILES.holdout],
      classification,
      input.writtenNames ?? {},
    ),
    ...(explained ? explainCells() : []),
    ...(input.extraCells ?? []),
  ];
  return notebookOf(cells, {
    task: input.task,
    target: input.target,
    family:
      input.pipeline && input.pipeline.kind !== 'single' ? 'ensemble' : (input.pipeline?.model.family ?? input.family),
    generator: 'automl-desktop',
  });
}
