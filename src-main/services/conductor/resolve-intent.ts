import type { StageEdits } from '@shared/channels';
import type { DataProfile, DatasetInfo, Intent } from '@shared/project';
import { CodedError } from '@shared/errors';
import { writtenNames } from '@shared/column-names';
import type { Task } from '@shared/tasks';
import { goalContextFromProfile, parseGoal, suggestTarget, type GoalContext } from '../../engine/intent/parse-goal';
import { INTEGER_TYPE } from '../../engine/intent/goal-context';
import { askLocalLlm, type LlmConfig, type LlmOutcome } from '../../engine/intent/llm/local-llm';
import { mergeLlmReading } from '../../engine/intent/llm/llm-reading';
import { inputsPhrase } from '../../engine/intent/explain';
import { forecastSeries, seriesPhrase } from '../../engine/intent/series-choice';
import { periodFromStepDays, type Period } from '../../engine/util/period';

const TARGETLESS: ReadonlySet<Task> = new Set(['segment', 'anomaly', 'summary', 'sentiment', 'image']);

/**
 * Reads the goal against what is known of the data so far (nothing, the column names, or the full profile),
 * then lays the person's explicit choices over it: a choice always beats a guess.
 */
export function resolveIntent(
  goal: string,
  choices: StageEdits | undefined,
  data: { dataset?: DatasetInfo; profile?: DataProfile },
  llm?: LlmOutcome,
): Intent {
  if (data.dataset) {
    choices = choicesByAppNames(choices, data.dataset);
    assertChoicesMatchColumns(choices, data.dataset);
  }
  const context = goalContextOf(data);
  const rules = parseGoal(goal ?? '', context);
  // A local model's reading is used only when it names existing columns that fit; otherwise a note says why not.
  const intent: Intent =
    llm && context && data.dataset?.format !== 'images' ? mergeLlmReading(rules, llm, context) : { ...rules };
  if (data.dataset?.format === 'images') {
    // A folder of class folders settles the question whatever the sentence said.
    const classes = data.dataset.imageClasses?.map((c) => c.name) ?? [];
    intent.task = 'image';
    intent.target = null;
    intent.confidence = Math.max(intent.confidence, 0.95);
    intent.alternatives = [];
    intent.explanation = `Classify images into ${classes.length || 'their'} folder names${classes.length ? ` (${classes.slice(0, 5).join(', ')}${classes.length > 5 ? ', …' : ''})` : ''}.`;
  }
  if (!intent.target && !TARGETLESS.has(intent.task) && data.profile && !choices?.target) {
    const suggested = suggestTarget(data.profile);
    if (suggested) {
      intent.target = suggested;
      intent.explanation = `${intent.explanation} No target was named, so '${suggested}' is suggested.`.trim();
    }
  }
  if (intent.task === 'sentiment' && intent.target && !choices?.task) {
    // Labels exist: the text is better used as features of a classifier trained on them than scored by a lexicon.
    const text = intent.textColumn;
    intent.alternatives = [
      { task: 'sentiment', target: intent.target, confidence: intent.confidence },
      ...intent.alternatives,
    ];
    intent.task = 'classification';
    intent.explanation = `Predict the label '${intent.target}' from ${text ? `the text in '${text}'` : 'the text'} and the other columns (classification on TF-IDF text features; the labels teach more than a sentiment lexicon).`;
  }
  const out = applyChoices(intent, choices, data.profile);
  const series = data.profile ? forecastSeries(goal ?? '', out, data.profile, choices?.series) : undefined;
  const read = series ? { ...out, series, explanation: `${out.explanation} It reads ${seriesPhrase(series)}.` } : out;
  return inWrittenNames(read, data.dataset);
}

/**
 * The sentences of a reading with the columns named as the file writes them ('price', not the app's 'price_1' beside
 * 'Price'): a quoted name ('price_1' or `price_1`) that is an app name with another written name.
 */
function inWrittenNames(intent: Intent, dataset: DatasetInfo | undefined): Intent {
  const written = writtenNames(dataset?.columns);
  if (!written.size) return intent;
  const say = (text: string): string =>
    text.replace(/(['`])([^'`]+)\1/g, (quoted, mark: string, name: string) => {
      const as = written.get(name);
      return as === undefined ? quoted : `${mark}${as}${mark}`;
    });
  return {
    ...intent,
    explanation: say(intent.explanation),
    ...(intent.why ? { why: say(intent.why) } : {}),
    alternatives: intent.alternatives.map((a) => (a.why ? { ...a, why: say(a.why) } : a)),
  };
}

function applyChoices(intent: Intent, choices: StageEdits | undefined, profile?: DataProfile): Intent {
  if (!choices) return intent;
  const out = { ...intent };
  if (choices.task) out.task = choices.task;
  if (choices.target !== undefined) out.target = choices.target;
  if (choices.date !== undefined) out.date = choices.date;
  if (choices.horizon !== undefined) out.horizon = choices.horizon;
  if (choices.k !== undefined) out.k = choices.k;
  if (choices.task && !choices.target && out.target && profile && choices.task !== intent.task) {
    // A new task may not take the old target (e.g. segment has none).
    if (TARGETLESS.has(choices.task)) out.target = null;
  }
  if (choices.task || choices.target !== undefined) {
    out.confidence = 1;
    out.explanation = describeIntent(out);
  }
  return out;
}

export function describeIntent(intent: Intent): string {
  const t = intent.target ? `'${intent.target}'` : 'the data';
  switch (intent.task) {
    case 'regression':
      return `Predict the number ${t} ${inputsPhrase(intent.inputs)} (regression).`;
    case 'classification':
      return `Predict the category ${t} ${inputsPhrase(intent.inputs)} (classification).`;
    case 'forecast':
      return `Forecast ${t} for the next ${intent.horizon ?? '?'} periods${intent.date ? ` using dates in '${intent.date}'` : ''}.`;
    case 'segment':
      return `Group the rows into ${intent.k ?? 'a suitable number of'} segments.`;
    case 'anomaly':
      return 'Find unusual rows.';
    case 'correlation':
      return `Rank the factors related to ${t}.`;
    case 'summary':
      return 'Summarise every column.';
    case 'sentiment':
      return `Score how positive or negative the text${intent.textColumn ? ` in '${intent.textColumn}'` : ''} is.`;
    case 'image':
      return 'Classify images into the folder names.';
  }
}

/** What the goal parser may know of the data so far: the full profile, the column names, or nothing. */
export function goalContextOf(data: { dataset?: DatasetInfo; profile?: DataProfile }): GoalContext | undefined {
  if (data.profile && data.dataset?.format !== 'images' && data.profile.columns.length)
    return goalContextFromProfile(data.profile);
  // Before the profile only the names, the file's types and the preview rows are known: a DATE or TIMESTAMP column is
  // a date (never a target); a fractional number type with a fraction in the preview is a quantity; a whole-number
  // type with more than 7 values in the preview is a number, with its preview's range (so "how many" finds a count:
  // NMES1988's "how many times will a patient see the doctor" took the fractional `income`); other number types are
  // left open, as a 0/1 or 1-7 column may be classes.
  const dataset = data.dataset;
  if (dataset && dataset.format !== 'images')
    return {
      period: previewPeriod(dataset),
      columns: dataset.columns.map((c, j) => {
        if (/^(DATE$|TIMESTAMP)/i.test(c.dbType)) return { name: c.name, kind: 'datetime' as const };
        if (FRACTIONAL_TYPE.test(c.dbType) && dataset.sample.some((row) => hasFraction(row[j])))
          return { name: c.name, kind: 'numeric' as const, integer: false };
        if (!INTEGER_TYPE.test(c.dbType)) return { name: c.name };
        return { name: c.name, integer: true, ...previewRange(dataset.sample.map((row) => row[j])) };
      }),
      rows: dataset.rows,
    };
  return undefined;
}

const FRACTIONAL_TYPE = /^(DOUBLE|FLOAT|REAL|DECIMAL)/i;

/**
 * The spacing of the first DATE/TIMESTAMP column in the preview rows (the median step between its distinct values),
 * so "the next 2 days" on hourly readings is 48 steps on the Data screen as after the profile (it said "2 periods").
 */
function previewPeriod(dataset: DatasetInfo): Period | null {
  const j = dataset.columns.findIndex((c) => /^(DATE$|TIMESTAMP)/i.test(c.dbType));
  if (j < 0) return null;
  const times = [...new Set(dataset.sample.map((row) => parseTime(row[j])))].filter(Number.isFinite);
  times.sort((a, b) => a - b);
  const steps = times.slice(1).map((t, i) => t - times[i]);
  if (steps.length < 3) return null;
  steps.sort((a, b) => a - b);
  return periodFromStepDays(steps[Math.floor(steps.length / 2)] / 86_400_000);
}

/** Milliseconds of a DATE or TIMESTAMP cell as the preview writes it ("2000-06-05", "2000-06-05 01:00:00+00"). */
function parseTime(cell: string | null | undefined): number {
  if (cell == null) return NaN;
  const iso = cell.trim().replace(' ', 'T');
  if (!iso.includes('T')) return Date.parse(iso);
  return Date.parse(/([zZ]|[+-]\d\d(:?\d\d)?)$/.test(iso) ? iso.replace(/([+-]\d\d)$/, '$1:00') : `${iso}Z`);
}

/** A whole-number column's kind and range as its preview shows them, when it shows more than 7 values. */
function previewRange(cells: Array<string | null | undefined>): Partial<GoalContext['columns'][number]> {
  const xs = cells.map((v) => (v == null ? NaN : Number(v))).filter((x) => Number.isFinite(x));
  const distinct = new Set(xs).size;
  if (distinct <= 7) return {};
  return { kind: 'numeric', distinct, min: Math.min(...xs), max: Math.max(...xs), sampled: true };
}
const hasFraction = (cell: string | null | undefined): boolean => {
  const x = cell == null ? NaN : Number(cell);
  return Number.isFinite(x) && !Number.isInteger(x);
};

/** The local model's reading of the goal when one is set and the columns are known; undefined otherwise. */
export async function askLlmIfSet(
  goal: string,
  data: { dataset?: DatasetInfo; profile?: DataProfile },
  llm: (() => Promise<LlmConfig | null>) | undefined,
  signal?: AbortSignal,
): Promise<LlmOutcome | undefined> {
  const context = goalContextOf(data);
  if (!llm || !context || !goal.trim()) return undefined;
  const config = await llm();
  return config ? askLocalLlm(goal, context, config, signal) : undefined;
}

/**
 * Choices that name a column as its file writes it ('price' beside 'Price', the app's 'price_1'; the command line
 * takes the person's names) with the app's name instead.
 */
export function choicesByAppNames(choices: StageEdits | undefined, dataset: DatasetInfo): StageEdits | undefined {
  const app = new Map(dataset.columns.flatMap((c) => (c.written !== undefined ? [[c.written, c.name] as const] : [])));
  if (!choices || app.size === 0) return choices;
  const byApp = (name: string): string =>
    dataset.columns.some((c) => c.name === name) ? name : (app.get(name) ?? name);
  return {
    ...choices,
    ...(choices.target ? { target: byApp(choices.target) } : {}),
    ...(choices.date ? { date: byApp(choices.date) } : {}),
    ...(choices.series ? { series: { ...choices.series, column: byApp(choices.series.column) } } : {}),
    ...(choices.drop ? { drop: choices.drop.map(byApp) } : {}),
  };
}

/** A column named at a gate or on the command line must exist; the message lists the ones that do, as written. */
export function assertChoicesMatchColumns(choices: StageEdits | undefined, dataset: DatasetInfo): void {
  if (!choices || dataset.format === 'images') return;
  const names = dataset.columns.map((c) => c.name);
  const shown = dataset.columns.map((c) => c.written ?? c.name);
  const named: Array<[string, string | null | undefined]> = [
    ['target', choices.target],
    ['date', choices.date],
    ['series', choices.series?.column],
    ...(choices.drop ?? []).map((d): [string, string] => ['drop', d]),
  ];
  for (const [what, col] of named) {
    if (col && !names.includes(col)) {
      const close = shown.find((n) => n.toLowerCase() === col.toLowerCase());
      throw new CodedError(
        'column-missing',
        `Column '${col}' (${what}) not found.${close ? ` Did you mean '${close}'?` : ''} Columns are: ${shown.join(', ')}.`,
        { column: col, columns: shown },
      );
    }
  }
}
