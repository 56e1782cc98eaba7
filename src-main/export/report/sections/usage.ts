import type { BundleEntry } from '@shared/bundle';
import type { DatasetInfo, PreprocessPlan } from '@shared/project';
import { DEFAULT_HORIZON, type Task } from '@shared/tasks';
import type { FittedPipeline, InputSpec } from '../../../engine/pipeline/types';
import { onnxInputType } from '../../../engine/onnx/pipeline-to-onnx';
import { decisionRule } from '../../../engine/pipeline/model-json';
import { COLUMN_ROWS_SHOWN, esc, section, table } from '../html';

const KIND_WORDS: Record<InputSpec['kind'], string> = {
  numeric: 'number; missing = NaN',
  boolean: '0 or 1; missing = NaN',
  datetime: 'epoch milliseconds (UTC); missing = NaN',
  categorical: 'text label; missing = ""',
  text: 'free text; missing = ""',
};

/** The model's raw inputs: from the fitted pipeline, or (without one) the plan's feature columns. */
export function modelInputs(pipeline: FittedPipeline | null, plan: PreprocessPlan): InputSpec[] {
  if (pipeline) return pipeline.inputs;
  return plan.columns
    .filter((c) => c.role === 'feature' || c.role === 'text')
    .map((c) => ({
      name: c.name,
      kind:
        c.role === 'text'
          ? 'text'
          : c.kind === 'numeric' || c.kind === 'boolean' || c.kind === 'datetime'
            ? c.kind
            : 'categorical',
    }));
}

/** `columns`: ONNX input -> the column's name in the person's file, where they differ ('price_1' -> 'price'). */
function pythonSnippet(inputs: InputSpec[], classification: boolean, columns: Record<string, string>): string {
  const column = (name: string): string => columns[name] ?? name;
  const dates = inputs.filter((i) => i.kind === 'datetime').map((i) => column(i.name));
  const bools = inputs.filter((i) => i.kind === 'boolean').map((i) => column(i.name));
  const renamed = Object.keys(columns).length > 0;
  const lines = [
    'import numpy as np',
    'import onnxruntime as ort',
    'import pandas as pd',
    '',
    'session = ort.InferenceSession("model.onnx")',
    'df = pd.read_csv("new.csv")',
    ...(renamed
      ? [`columns = ${JSON.stringify(columns)}  # model input -> the column's name in the file, where they differ`]
      : []),
  ];
  if (dates.length)
    lines.push(
      `for c in ${JSON.stringify(dates)}:  # dates go in as epoch milliseconds`,
      '    df[c] = (pd.to_datetime(df[c], utc=True) - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(milliseconds=1)',
    );
  if (bools.length) {
    lines.push(
      `for c in ${JSON.stringify(bools)}:  # true/false go in as 1/0`,
      '    if not pd.api.types.is_numeric_dtype(df[c]):',
      '        words = df[c].astype(str).str.strip().str.lower()',
      '        df[c] = np.where(words.isin(["true", "yes", "1"]), 1.0, np.where(words.isin(["false", "no", "0"]), 0.0, np.nan))',
    );
  }
  lines.push(
    'feed = {}',
    'for i in session.get_inputs():  # one input per column, shape [N, 1]',
    renamed ? '    col = df[columns.get(i.name, i.name)]' : '    col = df[i.name]',
    '    if i.type == "tensor(string)":',
    '        feed[i.name] = col.fillna("").astype(str).to_numpy(dtype=object).reshape(-1, 1)',
    '    else:',
    '        feed[i.name] = pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64).reshape(-1, 1)',
    classification
      ? 'prediction, probabilities = session.run(["prediction", "probabilities"], feed)'
      : 'prediction, = session.run(["prediction"], feed)',
    'print(prediction[:5])',
  );
  return lines.join('\n');
}

function exampleValue(spec: InputSpec, raw: string | null | undefined): string {
  const type = onnxInputType(spec.kind);
  if (type === 'string') return JSON.stringify(raw ?? '');
  if (spec.kind === 'datetime') return raw ? `Date.parse(${JSON.stringify(raw)})` : 'NaN';
  if (spec.kind === 'boolean') return raw && /^(true|yes|1)$/i.test(raw.trim()) ? '1' : raw ? '0' : 'NaN';
  const n = raw === null || raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(n) ? String(n) : 'NaN';
}

function nodeSnippet(inputs: InputSpec[], dataset: DatasetInfo, classification: boolean): string {
  const first = dataset.sample[0] ?? [];
  const idx = new Map(dataset.columns.map((c, i) => [c.name, i]));
  const row = inputs.map((s) => `  ${JSON.stringify(s.name)}: ${exampleValue(s, first[idx.get(s.name) ?? -1])},`);
  const strings = inputs.filter((s) => onnxInputType(s.kind) === 'string').map((s) => s.name);
  return [
    "const ort = require('onnxruntime-node');",
    '',
    '// One object per row, keyed by column name (values from the first row of the training data).',
    'const rows = [{',
    ...row,
    '}];',
    `const STRING_INPUTS = new Set(${JSON.stringify(strings)});`,
    '',
    'async function main() {',
    "  const session = await ort.InferenceSession.create('model.onnx');",
    '  const feeds = {};',
    '  for (const name of session.inputNames) {',
    '    feeds[name] = STRING_INPUTS.has(name)',
    "      ? new ort.Tensor('string', rows.map((r) => String(r[name] ?? '')), [rows.length, 1])",
    "      : new ort.Tensor('float64', Float64Array.from(rows, (r) => r[name] ?? NaN), [rows.length, 1]);",
    '  }',
    '  const out = await session.run(feeds);',
    classification
      ? '  console.log(out.prediction.data, out.probabilities.data);'
      : '  console.log(out.prediction.data);',
    '}',
    'main();',
  ].join('\n');
}

/** The bundle's files, as the export wrote them (the same list the app's Export step shows). */
function bundleTable(bundle: BundleEntry[]): string {
  if (!bundle.length) return '';
  return `<h3>In the bundle</h3>${table(
    ['File', 'What it is'],
    bundle.map((e) => [`<code>${esc(e.file)}</code>`, esc(e.what)]),
  )}`;
}

/** The bundle's contents, the ONNX contract and three ways to use the model: Python, Node and the automl command line. */
export function usageSection(
  task: Task,
  pipeline: FittedPipeline | null,
  plan: PreprocessPlan,
  dataset: DatasetInfo,
  classes: string[] | null,
  horizon: number | null = null,
  bundle: BundleEntry[] = [],
  columns: Record<string, string> = {},
): string {
  const has = (file: string) => bundle.some((e) => e.file === file);
  const supervised = task === 'regression' || task === 'classification';
  const cli =
    task === 'forecast'
      ? `automl predict bundle.zip history.csv --horizon ${horizon ?? DEFAULT_HORIZON} --out forecast.csv`
      : task === 'image'
        ? 'automl predict bundle.zip new-images/ --out predictions.csv'
        : 'automl predict bundle.zip new.csv --out predictions.csv';
  const cliText = `<h3>Command line</h3><pre><code>${esc(cli)}</code></pre><p>${
    task === 'classification'
      ? 'Writes one row per input row, in input order, with a <code>prediction</code> column and one <code>proba_&lt;class&gt;</code> column per class.'
      : task === 'forecast'
        ? 'Reads the history and writes the next periods: the date, <code>prediction</code>, <code>lower</code> and <code>upper</code>.'
        : 'Writes one row per input row, in input order, with a <code>prediction</code> column.'
  }</p>`;
  if (!supervised) {
    const scores = task === 'forecast' || task === 'image' || task === 'segment' || task === 'anomaly';
    return section(
      'usage',
      'How to use the model',
      `${bundleTable(bundle)}${
        scores
          ? `<p>The simplest way to use it on new data is the command line:</p>${cliText}`
          : '<p>This is an analysis of the data above: it has no model to run on new data.</p>'
      }`,
    );
  }
  const classification = task === 'classification';
  const inputs = modelInputs(pipeline, plan);
  const inputRows = inputs.map((s) => [
    `<code>${esc(s.name)}</code>`,
    `tensor(${onnxInputType(s.kind)}) [N, 1]`,
    `${esc(KIND_WORDS[s.kind])}${columns[s.name] !== undefined ? ` (the column <code>${esc(columns[s.name])}</code> of the file)` : ''}`,
  ]);
  const outputRows: string[][] = [
    [
      '<code>prediction</code>',
      classification ? 'tensor(string) [N]' : 'tensor(double) [N]',
      classification
        ? `the predicted class label${decisionRule(pipeline) ? `: ${esc(decisionRule(pipeline) ?? '')}` : ''}`
        : 'the predicted value',
    ],
  ];
  if (classification) {
    outputRows.push([
      '<code>probabilities</code>',
      `tensor(double) [N, ${classes?.length ?? 'C'}]`,
      `one column per class${classes?.length ? `, in this order: ${classes.map((c) => `<code>${esc(c)}</code>`).join(', ')}` : ''}`,
    ]);
  }
  const body = `${bundleTable(bundle)}<p><code>model.onnx</code> holds the whole pipeline: the preprocessing above and the model. It takes the raw columns, one named input per column, and needs no other file. <code>model.json</code> describes the same schema with the training metrics and the data profile (useful to check new data for drift).</p>
<h3>Inputs</h3>${table(['Input', 'ONNX type', 'Value'], inputRows, { fold: COLUMN_ROWS_SHOWN })}
<h3>Outputs</h3>${table(['Output', 'ONNX type', 'Meaning'], outputRows)}
${cliText}
<h3>Python (onnxruntime, pandas)</h3><pre><code>${esc(pythonSnippet(inputs, classification, columns))}</code></pre>
<h3>Node.js (onnxruntime-node)</h3><pre><code>${esc(nodeSnippet(inputs, dataset, classification))}</code></pre>
${has('notebook.ipynb') ? "<p><code>notebook.ipynb</code> in the bundle rebuilds the model with scikit-learn on the same split and checks <code>model.onnx</code> against the app's predictions.</p>" : ''}`;
  return section('usage', 'How to use the model', body);
}
