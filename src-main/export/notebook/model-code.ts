import { CodedError } from '@shared/errors';
import type { ModelFamily } from '@shared/tasks';
import type { FittedModel, TargetTransform, Tree } from '../../engine/pipeline/types';
import { pyNum, pyStr } from './py-literal';

/** Hyperparameters from the leaderboard row, when the caller has them (`LeaderboardRow.params`). */
export type Params = Record<string, number | string | boolean>;

/** What the notebook needs to write an estimator: the family, the fitted model (for shapes) and the params. */
export interface ModelInfo {
  family: ModelFamily;
  model: FittedModel | null;
  params: Params;
  classification: boolean;
  classWeights: boolean;
  /** A regression model fitted on a log target: the estimator is wrapped in LogTargetRegressor (helpers-code.ts). */
  targetTransform?: TargetTransform;
}

function num(params: Params, names: string[]): number | undefined {
  for (const n of names) {
    const v = params[n];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

function treeDepth(tree: Tree): number {
  let depth = 0;
  const stack: Array<[number, number]> = [[0, 0]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (tree.left[node] === -1 || tree.left[node] === undefined) depth = Math.max(depth, d);
    else stack.push([tree.left[node], d + 1], [tree.right[node], d + 1]);
  }
  return depth;
}

/** Number of trees (boosting rounds), deepest tree and most leaves in a fitted tree model (undefined when none). */
export function treeShape(model: FittedModel | null): { trees?: number; depth?: number; leaves?: number } {
  if (!model || !('trees' in model) || model.trees.length === 0) return {};
  // Multiclass boosting grows one tree per class per round; scikit-learn counts rounds.
  const perRound = model.aggregate === 'sum' ? Math.max(1, model.baseScore.length) : 1;
  // A loop, not Math.max(...perTree): boosting on many classes can grow more trees than a call's arguments can hold.
  let depth = 0;
  let leaves = 0;
  for (const t of model.trees) {
    depth = Math.max(depth, treeDepth(t));
    leaves = Math.max(leaves, t.left.filter((l) => l === -1).length);
  }
  return { trees: Math.max(1, Math.round(model.trees.length / perRound)), depth, leaves };
}

function kwargs(pairs: Array<[string, string | undefined]>): string {
  return pairs
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

const f = (v: number | undefined): string | undefined => (v === undefined ? undefined : pyNum(v));
const i = (v: number | undefined): string | undefined =>
  v === undefined ? undefined : String(Math.max(1, Math.round(v)));

/** A Python expression for an unfitted scikit-learn estimator equivalent to the app's model. */
export function estimatorCode(info: ModelInfo): string {
  const plain = plainEstimatorCode(info);
  const t = info.targetTransform;
  return t && !info.classification ? `LogTargetRegressor(${plain}, shift=${pyNum(t.shift)})` : plain;
}

/** The estimator without a target transform. */
function plainEstimatorCode(info: ModelInfo): string {
  const { params: p, classification: clf } = info;
  const cw = clf && info.classWeights ? `'balanced'` : undefined;
  const shape = treeShape(info.model);
  // The fitted model's own tree count wins: boosting may have stopped early, before n_estimators.
  const trees =
    shape.trees ?? num(p, ['n_estimators', 'nEstimators', 'trees', 'nTrees', 'rounds', 'iterations', 'max_iter']);
  const depth = num(p, ['max_depth', 'maxDepth', 'depth']) ?? shape.depth;
  const minLeaf = num(p, ['min_samples_leaf', 'minSamplesLeaf', 'minLeaf', 'min_leaf']);
  const alpha = num(p, ['alpha', 'lambda', 'l2', 'regularization']);

  switch (info.family) {
    case 'linear':
      return clf
        ? `LogisticRegression(${kwargs([
            ['max_iter', '2000'],
            ['class_weight', cw],
          ])})`
        : 'LinearRegression()';
    case 'ridge':
      return `Ridge(${kwargs([['alpha', f(alpha ?? 1)]])})`;
    case 'lasso':
      // Same objective as scikit-learn; the app's default alpha for the L1 families is 0.01.
      return `Lasso(${kwargs([
        ['alpha', f(alpha ?? 0.01)],
        ['max_iter', '10000'],
      ])})`;
    case 'elasticnet':
      return `ElasticNet(${kwargs([
        ['alpha', f(alpha ?? 0.01)],
        ['l1_ratio', f(num(p, ['l1_ratio', 'l1Ratio']) ?? 0.5)],
        ['max_iter', '10000'],
      ])})`;
    case 'polynomial': {
      const degree =
        info.model && 'polynomialDegree' in info.model && info.model.polynomialDegree ? info.model.polynomialDegree : 2;
      return `make_pipeline(PolynomialFeatures(degree=${degree}, include_bias=False), Ridge(${kwargs([['alpha', f(alpha ?? 1)]])}))`;
    }
    case 'logistic':
      return `LogisticRegression(${kwargs([
        ['C', f(num(p, ['C', 'c']) ?? (alpha ? 1 / alpha : 1))],
        ['max_iter', '2000'],
        ['class_weight', cw],
      ])})`;
    case 'svm': {
      const svc = `LinearSVC(${kwargs([
        ['C', f(num(p, ['C', 'c']) ?? 1)],
        ['class_weight', cw],
        ['max_iter', '10000'],
        ['random_state', 'SEED'],
      ])})`;
      // The app turns SVM margins into probabilities (Platt scaling); calibration does the same here.
      return clf
        ? `CalibratedClassifierCV(${svc}, method='sigmoid', cv=3)`
        : `LinearSVR(max_iter=10000, random_state=SEED)`;
    }
    case 'random_forest':
    case 'extra_trees': {
      const cls = `${info.family === 'random_forest' ? 'RandomForest' : 'ExtraTrees'}${clf ? 'Classifier' : 'Regressor'}`;
      const maxFeatures = p.max_features ?? p.maxFeatures;
      return `${cls}(${kwargs([
        ['n_estimators', i(trees ?? 100)],
        ['max_depth', i(depth)],
        ['min_samples_leaf', i(minLeaf)],
        [
          'max_features',
          maxFeatures === undefined
            ? undefined
            : typeof maxFeatures === 'number'
              ? pyNum(maxFeatures)
              : pyStr(String(maxFeatures)),
        ],
        ['class_weight', cw],
        ['n_jobs', '1'],
        ['random_state', 'SEED'],
      ])})`;
    }
    case 'gradient_boosting':
      return `HistGradientBoosting${clf ? 'Classifier' : 'Regressor'}(${kwargs([
        ['max_iter', i(trees ?? 100)],
        ['learning_rate', f(num(p, ['learning_rate', 'learningRate', 'eta', 'shrinkage']) ?? 0.1)],
        ['max_depth', i(depth)],
        // The app grows best-first within a depth and a leaf count (leaf-wise or, with 2^depth leaves, depth-wise):
        // scikit-learn's best-first growth with the fitted trees' largest leaf count and depth is the same shape.
        [
          'max_leaf_nodes',
          shape.leaves !== undefined ? i(Math.max(2, shape.leaves)) : depth !== undefined ? 'None' : undefined,
        ],
        ['min_samples_leaf', i(minLeaf ?? num(p, ['min_data_in_leaf']))],
        ['l2_regularization', f(num(p, ['l2_regularization', 'reg_lambda', 'lambda', 'l2']))],
        ['class_weight', cw],
        ['early_stopping', 'False'],
        ['random_state', 'SEED'],
      ])})`;
    case 'mlp':
      return mlpCode(info);
    case 'kernel': {
      // The app fits a linear model on exp(-gamma |x - l|^2) for up to 500 training rows l; scikit-learn's Nystroem
      // spans the same kernel functions (whitened by the landmarks' own kernel matrix, so the penalty differs a little).
      const gamma = info.model && info.model.family === 'kernel' ? info.model.gamma : undefined;
      const C = num(p, ['C', 'c']) ?? 1;
      const nystroem = `Nystroem(${kwargs([
        ['kernel', pyStr('rbf')],
        ['gamma', f(gamma)],
        ['n_components', '500'],
        ['random_state', 'SEED'],
      ])})`;
      return clf
        ? `make_pipeline(${nystroem}, LogisticRegression(${kwargs([
            ['C', f(C)],
            ['max_iter', '2000'],
            ['class_weight', cw],
          ])}))`
        : `make_pipeline(${nystroem}, Ridge(${kwargs([['alpha', f(1 / C)]])}))`;
    }
    case 'naive_bayes':
      if (info.model && 'kind' in info.model && info.model.kind === 'multinomial') {
        // Multinomial NB needs non-negative features; clipping min-max keeps unseen values in range.
        return `make_pipeline(MinMaxScaler(clip=True), MultinomialNB(${kwargs([['alpha', f(alpha)]])}))`;
      }
      return `GaussianNB(${kwargs([['var_smoothing', f(num(p, ['var_smoothing']))]])})`;
    default:
      // Ensembles are written member by member; forecasting/clustering families have no tabular equivalent here.
      throw new CodedError(
        'task-unsupported',
        `The notebook cannot write a scikit-learn model for the ${info.family} family. Export a regression or classification model.`,
      );
  }
}

function mlpCode(info: ModelInfo): string {
  const p = info.params;
  const model = info.model && info.model.family === 'mlp' ? info.model : null;
  const width = num(p, ['hidden']);
  const hidden = model ? model.layers.slice(0, -1).map((l) => l.bias.length) : width ? [Math.round(width)] : [64, 32];
  const act = model?.layers[0]?.activation ?? 'relu';
  const args = kwargs([
    ['hidden_layer_sizes', `(${hidden.join(', ')}${hidden.length === 1 ? ',' : ''})`],
    ['activation', pyStr(act === 'linear' ? 'identity' : act)],
    ['alpha', f(num(p, ['alpha', 'l2', 'weight_decay']))],
    ['learning_rate_init', f(num(p, ['learning_rate', 'learningRate', 'lr']))],
    ['batch_size', i(num(p, ['batch_size', 'batchSize']))],
    ['max_iter', i(num(p, ['epochs', 'max_iter']) ?? 300)],
    ['random_state', 'SEED'],
  ]);
  if (info.classification) return `MLPClassifier(${args})`;
  // The app standardises the target before training its network; TransformedTargetRegressor does the same.
  return `TransformedTargetRegressor(regressor=MLPRegressor(${args}), transformer=StandardScaler())`;
}
