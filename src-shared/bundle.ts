/**
 * What an export bundle holds, per task: ONE list read by the Export step (before and after), by the export job
 * (which writes exactly these files, or fails) and by report.html. A file that is not listed here is not written.
 */
import type { ExportContents } from './channels';
import type { Task } from './tasks';

export type BundlePart = keyof ExportContents;

export interface BundleEntry {
  file: string;
  /** What the file is, in a few words. */
  what: string;
  /** The optional part of the bundle it belongs to; absent = always in the bundle. */
  part?: BundlePart;
}

/** The training data travels in the bundle (so the notebook runs as is) when its file is at most this big. */
export const MAX_DATA_IN_BUNDLE = 50 * 1024 * 1024;

/** Tasks whose result is a model that scores new data (and so goes into the registry). */
export function registersModel(task: Task): boolean {
  return !['correlation', 'summary', 'sentiment'].includes(task);
}

/** Tasks whose bundle holds a model.onnx. */
export function hasOnnx(task: Task): boolean {
  return task === 'classification' || task === 'regression' || task === 'image' || task === 'segment';
}

const ONNX_WHAT: Partial<Record<Task, string>> = {
  classification: 'the whole pipeline, raw columns in, the class and its probabilities out; runs anywhere ONNX does',
  regression: 'the whole pipeline, raw columns in, the prediction out; runs anywhere ONNX does',
  image: 'backbone and trained head in one graph: an image tensor in, the class and its probabilities out',
  segment: 'raw columns in, the segment and the distance to every segment centre out',
};

const MODEL_JSON_WHAT: Record<Task, string> = {
  classification: 'schema, classes, metrics and the training profile',
  regression: 'schema, metrics and the training profile',
  image: 'classes, input size and normalisation, metrics',
  forecast: 'the fitted forecasting method and its parameters: forecasts again from new history',
  segment: 'the columns, their encoding and the segment centres',
  anomaly: 'the columns, the fitted isolation forest and the flagging rule: scores new rows',
  correlation: 'the task, the target and the columns that were compared',
  summary: 'the task and the columns that were summarised',
  sentiment: 'the task and the text column that was scored',
};

/**
 * What predictions.csv's `row` is (the trainer's 0-based position in the data; the bundle's data.csv and the notebook's
 * TEST_INDICES count the same way).
 */
export const HELD_OUT_ROW =
  "its column row is the row's position among the data rows counted from 0 (row 0 is the first row under the header, which a spreadsheet shows on line 2: line = row + 2, unless rows were left out at import)";

/** The per-row output of each task, under its bundle name. */
const OUTPUT: Record<Task, BundleEntry> = {
  classification: {
    file: 'predictions.csv',
    what: `the held-out rows with the predicted class and each class's probability (proba_<class>); ${HELD_OUT_ROW}`,
    part: 'predictions',
  },
  regression: {
    file: 'predictions.csv',
    what: `the held-out rows with their predictions; ${HELD_OUT_ROW}`,
    part: 'predictions',
  },
  image: { file: 'predictions.csv', what: 'the held-out images with their predicted class', part: 'predictions' },
  forecast: {
    file: 'forecast.csv',
    what: 'the forecast: date, prediction, the 95% interval (lower, upper) and the 80% one (lower_80, upper_80)',
    part: 'predictions',
  },
  segment: { file: 'segments.csv', what: 'every row with its segment', part: 'predictions' },
  anomaly: {
    file: 'anomaly-scores.csv',
    what: 'every row with its anomaly score, whether it is flagged, and why',
    part: 'predictions',
  },
  sentiment: { file: 'sentiment.csv', what: 'every text with its sentiment score and label', part: 'predictions' },
  correlation: { file: 'factors.csv', what: 'every column ranked by its association with the target' },
  summary: { file: 'summary.csv', what: 'the statistics of every column' },
};

/**
 * Every file the bundle of `task` holds, in bundle order, for the chosen optional parts. `dataBytes` is the
 * size of the person's data file: the data goes in only up to MAX_DATA_IN_BUNDLE (images never).
 */
export function bundleEntries(
  task: Task,
  opts: { include?: ExportContents; dataBytes?: number; explained?: boolean } = {},
): BundleEntry[] {
  const all: BundleEntry[] = [];
  if (hasOnnx(task)) all.push({ file: 'model.onnx', what: ONNX_WHAT[task] ?? 'the model' });
  all.push({ file: 'model.json', what: MODEL_JSON_WHAT[task] });
  // The explained model's explainer.json (see explainerTravels in explain.ts): predict --explain and the waterfall.
  if (opts.explained && (task === 'classification' || task === 'regression'))
    all.push({
      file: 'explainer.json',
      what: "what explaining the model's predictions needs (its pipeline and background statistics)",
    });
  all.push({ file: 'profile.json', what: 'the profile of the training data (types, gaps, distributions)' });
  all.push(OUTPUT[task]);
  all.push({ file: 'report.html', what: 'a self-contained report with every chart, readable offline', part: 'report' });
  all.push({
    file: 'notebook.ipynb',
    what:
      task === 'classification' || task === 'regression'
        ? 'reproduces the model in Python with pandas and scikit-learn and checks model.onnx'
        : task === 'image'
          ? 'loads the images and scores model.onnx in Python'
          : 'reproduces the analysis in Python and compares it with the bundle',
    part: 'notebook',
  });
  if (task !== 'image' && (opts.dataBytes ?? 0) <= MAX_DATA_IN_BUNDLE)
    all.push({ file: 'data.csv', what: 'the training data, so the notebook runs as is', part: 'data' });
  const include = opts.include ?? {};
  return all.filter((e) => !e.part || include[e.part] !== false);
}

/**
 * A bundle's file name from its project's name, without ".zip": letters and digits of any script, lower case, every
 * other run one dash ("What would a diamond sell for, without using x?" → what-would-a-diamond-sell-for-without-using-x;
 * "Цена квартир" → цена-квартир), at most 80 characters; 'model' when nothing is left.
 */
export function bundleName(projectName: string): string {
  const slug = projectName
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .slice(0, 80)
    .replace(/^-+|-+$/g, '');
  return slug || 'model';
}
