import type { ColumnSpec } from './column-specs';
import { codeCell, markdownCell, type NotebookCell } from './nbformat';
import { mdCell, py, pyNum } from './py-literal';

/** One model to build: a preprocessing recipe and an estimator expression (several for an ensemble). */
export interface MemberCode {
  specs: ColumnSpec[];
  preprocessor: string;
  estimator: string;
  label: string;
  weight: number;
  /** The estimator is wrapped in LogTargetRegressor (a model fitted on a log target). */
  logTarget?: boolean;
}

function describe(spec: ColumnSpec): string {
  const t = spec.treatment;
  switch (t.kind) {
    case 'numeric':
      return `fill missing with the ${t.impute.replace('_', ' ')}${t.indicator ? ' (plus a missing flag)' : ''}; ${t.scale === 'none' ? 'no scaling' : `${t.scale} scaling`}`;
    case 'onehot':
      return 'one 0/1 column per category; unseen categories give all zeros';
    case 'ordinal':
      return 'category to integer code; unseen categories give -1';
    case 'target':
      return 'category to the smoothed mean of the target';
    case 'tfidf':
      return t.blocks
        .map(
          (b) =>
            `${b.sublinear ? 'sublinear ' : ''}TF-IDF of ${b.analyzer === 'char_wb' ? 'characters within words' : 'words'} (${b.ngram[0]}-${b.ngram[1]} grams${b.maxFeatures ? `, up to ${b.maxFeatures} terms` : ''}${b.maxTokens ? `, first ${b.maxTokens} words` : ''})`,
        )
        .join(' + ');
    case 'datetime':
      return `calendar parts: ${t.parts.join(', ')}`;
  }
}

/** A markdown table of the per-column treatment, then the ColumnTransformer code. */
export function preprocessCells(members: MemberCode[]): NotebookCell[] {
  const first = members[0];
  const table = first.specs.map((s) => `| ${mdCell(s.name)} | ${s.input} | ${mdCell(describe(s))} |`).join('\n');
  const functions = [...new Set(members.map((m) => m.preprocessor))].join('\n\n\n');
  return [
    markdownCell(`
## Preprocessing

Each column is treated as in the app's plan:

| column | read as | treatment |
| --- | --- | --- |
${table}
`),
    codeCell(functions),
  ];
}

/** The model: one pipeline (preprocessing + estimator), a weighted vote of several (ensemble), or a stack. */
export function modelCells(
  members: MemberCode[],
  classification: boolean,
  stack?: { penalty?: number },
): NotebookCell[] {
  const fnOf = (m: MemberCode): string => /^def (\w+)\(/.exec(m.preprocessor)![1];
  let code: string;
  let words: string;
  if (stack) {
    words = `The app's model was a **stack**: ${members.map((m) => mdCell(m.label)).join(', ')}, combined by a ${classification ? 'logistic regression' : 'ridge regression'} fitted on their out-of-fold predictions. scikit-learn's ${classification ? 'StackingClassifier' : 'StackingRegressor'} does the same (it refits each model on all training rows where the app averages its fold models).`;
    const rows = members.map(
      (m, i) => `        ('m${i + 1}', Pipeline([('preprocess', ${fnOf(m)}()), ('model', ${m.estimator})])),`,
    );
    const pen = stack.penalty !== undefined ? pyNum(stack.penalty) : '1.0';
    const final = classification ? `LogisticRegression(C=${pen}, max_iter=2000)` : `Ridge(alpha=${pen})`;
    const cls = classification ? 'StackingClassifier' : 'StackingRegressor';
    const extra = classification ? `\n    stack_method='predict_proba',` : '';
    code = `model = ${cls}(\n    [\n${rows.join('\n')}\n    ],\n    final_estimator=${final},\n    cv=5,${extra}\n)`;
  } else if (members.length === 1) {
    const m = members[0];
    words = `The app's model was **${mdCell(m.label)}**; the closest scikit-learn estimator is below.`;
    code = `model = Pipeline([\n    ('preprocess', ${fnOf(m)}()),\n    ('model', ${m.estimator}),\n])`;
  } else {
    words = `The app's model was a weighted ensemble of ${members.length} models (${members.map((m) => mdCell(m.label)).join(', ')}); a ${classification ? 'soft vote' : 'weighted average'} reproduces it.`;
    const rows = members.map(
      (m, i) => `        ('m${i + 1}', Pipeline([('preprocess', ${fnOf(m)}()), ('model', ${m.estimator})])),`,
    );
    const cls = classification ? 'VotingClassifier' : 'VotingRegressor';
    const extra = classification ? `\n    voting='soft',` : '';
    code = `model = ${cls}(\n    [\n${rows.join('\n')}\n    ],${extra}\n    weights=${py(members.map((m) => m.weight))},\n)`;
  }
  return [markdownCell(`## Model\n\n${words}`), codeCell(`${code}\nmodel.fit(X_train, y_train)\nmodel`)];
}

const FORMAT = `
def fmt(value):
    return '-' if value is None else f'{value:.4f}'

`;

const EVALUATE_REGRESSION = `
pred = model.predict(X_test)
y_true = y_test.to_numpy(dtype=float)
mse = mean_squared_error(y_true, pred)
notebook_metrics = {
    'r2': r2_score(y_true, pred),
    'rmse': float(np.sqrt(mse)),
    'mae': mean_absolute_error(y_true, pred),
    'mse': mse,
    'explained_variance': explained_variance_score(y_true, pred),
}
`;

const EVALUATE_CLASSIFICATION = `
pred = model.predict(X_test).astype(object)
PREDICT_LABELSy_true = y_test.to_numpy(dtype=object)
notebook_metrics = {'accuracy': accuracy_score(y_true, pred)}
# As in the app: plain precision/recall/F1 are support-weighted averages over the classes, even for two classes.
for name, score in (('precision', precision_score), ('recall', recall_score), ('f1', f1_score)):
    notebook_metrics[name] = score(y_true, pred, average='weighted', zero_division=0)
    notebook_metrics[name + '_macro'] = score(y_true, pred, average='macro', zero_division=0)
proba = model.predict_proba(X_test)
model_classes = list(model.classes_)
try:
    if len(CLASSES) == 2:
        notebook_metrics['roc_auc'] = roc_auc_score(y_true == CLASSES[1], proba[:, model_classes.index(CLASSES[1])])
    else:
        notebook_metrics['roc_auc'] = roc_auc_score(y_true, proba, multi_class='ovr', labels=model_classes)
except ValueError as err:  # e.g. a class missing from the test rows
    print('ROC-AUC skipped:', err)
notebook_metrics['log_loss'] = log_loss(y_true, proba, labels=model_classes)
`;

const PRINT_TABLE = `
names = list(APP_METRICS) + [n for n in notebook_metrics if n not in APP_METRICS]
print(f"{'metric':<20} {'notebook':>15} {'app':>15}")
for name in names:  # a space between columns: an MSE of house prices is wider than any column
    print(f"{name:<20} {fmt(notebook_metrics.get(name)):>15} {fmt(APP_METRICS.get(name)):>15}")
`;

/**
 * A binary model's decision threshold (pipeline.decisionThreshold): the app predicts CLASSES[1] when its probability
 * is above it, not at 0.5.
 */
const THRESHOLD_LABELS = `
# The app predicts CLASSES[1] when its probability is above DECISION_THRESHOLD (chosen out of fold for the run's
# metric), not at 0.5: the same rule here.
proba_1 = model.predict_proba(X_test)[:, list(model.classes_).index(CLASSES[1])]
pred = np.where(proba_1 > DECISION_THRESHOLD, CLASSES[1], CLASSES[0]).astype(object)`;

/** Test metrics of the refitted model, printed beside the app's (`APP_METRICS`). */
export function evaluateCells(
  appMetrics: Record<string, number>,
  classification: boolean,
  /** Binary: the pipeline's decision threshold of p(CLASSES[1]). */
  threshold?: number,
): NotebookCell[] {
  const evaluate = classification
    ? EVALUATE_CLASSIFICATION.replace('PREDICT_LABELS', threshold === undefined ? '' : `${THRESHOLD_LABELS.trim()}\n`)
    : EVALUATE_REGRESSION;
  return [
    markdownCell(`
## Test metrics

The same held-out rows, scored by the scikit-learn model (\`notebook\`) and by the app (\`app\`, from training).
Small differences are expected: the algorithms are equivalent, not identical.
`),
    codeCell(
      `APP_METRICS = ${py(appMetrics)}\n${threshold === undefined ? '' : `DECISION_THRESHOLD = ${py(threshold)}\n`}${FORMAT}${evaluate.trim()}\n${PRINT_TABLE}`,
    ),
  ];
}
