import { parseArgs } from 'node:util';
import { CodedError } from '@shared/errors';
import { isTask, TASKS, type Task } from '@shared/tasks';

export interface RunFlags {
  goal: string;
  target?: string;
  task?: Task;
  drop?: string[];
  date?: string;
  /** Forecast: the series to read, `column=value`; value null for every series combined ('total'). */
  series?: { column: string; value: string | null };
  horizon?: number;
  /** predict: add each row's strongest contributions, this many (`--explain` alone: 3). */
  explain?: number;
  /** predict: input columns (ids, say) copied first into each output row, as written, to join back by. */
  keep?: string[];
  budget?: number;
  out?: string;
  json: boolean;
  /** Register the model as a new model even when one with the same columns exists. */
  newModel: boolean;
  /** Register the model as a new version of this model id (it must have been trained on the same columns). */
  versionOf?: string;
  /** feedback: the column holding the true outcomes. */
  outcome?: string;
  /** retrain: add the new rows to the training data, or train on the new rows alone. */
  mode?: 'append' | 'replace';
  /** retrain: promote only when better by this many percent. */
  margin?: number;
  /** rollback: why, recorded with the version change. */
  reason?: string;
  /** monitor: the version that scores every batch beside the active one (shadow mode), or null to stop. */
  shadow?: number | null;
}

const OPTIONS = {
  goal: { type: 'string' },
  target: { type: 'string' },
  task: { type: 'string' },
  drop: { type: 'string' },
  date: { type: 'string' },
  series: { type: 'string' },
  horizon: { type: 'string' },
  explain: { type: 'string' },
  keep: { type: 'string' },
  budget: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  'new-model': { type: 'boolean' },
  'version-of': { type: 'string' },
  outcome: { type: 'string' },
  mode: { type: 'string' },
  margin: { type: 'string' },
  reason: { type: 'string' },
  shadow: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new CodedError('invalid-input', `--${name} must be a positive number, not '${raw}'.`);
  return n;
}

/**
 * `--series city=Austin` (one series), `--series city=total` or `--series total` (every series combined per date; the
 * column found by the profile when none is named). A value that is really called 'total' is that series.
 */
function seriesFlag(raw: string | undefined): RunFlags['series'] {
  if (raw === undefined) return undefined;
  const at = raw.indexOf('=');
  if (at < 0) {
    if (/^(total|all)$/i.test(raw.trim())) return { column: '', value: null };
    throw new CodedError(
      'invalid-input',
      `--series takes COLUMN=VALUE (like --series city=Austin) or total; not '${raw}'.`,
    );
  }
  const [column, value] = [raw.slice(0, at).trim(), raw.slice(at + 1)];
  if (!column || !value.trim())
    throw new CodedError('invalid-input', `--series takes COLUMN=VALUE (like --series city=Austin); not '${raw}'.`);
  return { column, value };
}

function shadowVersion(raw: string | undefined): number | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'off') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new CodedError('invalid-input', `--shadow takes a version number like 2, or off; not '${raw}'.`);
  return n;
}

function nonNegative(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new CodedError('invalid-input', `--${name} must be a number of 0 or more, not '${raw}'.`);
  return n;
}

function retrainMode(raw: string | undefined): 'append' | 'replace' | undefined {
  if (raw === undefined || raw === 'append' || raw === 'replace') return raw;
  throw new CodedError('invalid-input', `--mode must be append or replace, not '${raw}'.`);
}

/** Parses argv after the command word. Unknown flags and bad values are usage errors with one clear line. */
export function parseCommandArgs(argv: string[]) {
  let parsed;
  // `--explain` takes an optional count: without a number after it, 3.
  argv = argv.flatMap((a, i) => (a === '--explain' && !/^\d+$/.test(argv[i + 1] ?? '') ? [a, '3'] : [a]));
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CodedError('invalid-input', (err as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (v.task !== undefined && !isTask(v.task)) {
    throw new CodedError('invalid-input', `--task must be one of ${TASKS.join(', ')}; got '${v.task}'.`);
  }
  const flags: RunFlags = {
    goal: v.goal ?? '',
    target: v.target,
    task: v.task as Task | undefined,
    drop: v.drop
      ? v.drop
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    date: v.date,
    series: seriesFlag(v.series),
    keep: v.keep
      ? v.keep
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    horizon: positiveNumber('horizon', v.horizon),
    explain: positiveNumber('explain', v.explain),
    budget: positiveNumber('budget', v.budget),
    out: v.out,
    json: Boolean(v.json),
    newModel: Boolean(v['new-model']),
    versionOf: v['version-of'],
    outcome: v.outcome,
    mode: retrainMode(v.mode),
    margin: v.margin === undefined ? undefined : nonNegative('margin', v.margin),
    reason: v.reason,
    shadow: shadowVersion(v.shadow),
  };
  if (flags.newModel && flags.versionOf)
    throw new CodedError('invalid-input', 'Use --new-model or --version-of ID, not both.');
  return { positionals: parsed.positionals, flags, help: Boolean(v.help) };
}

export const USAGE = `automl: local AutoML from the command line

  automl run <data.csv | image-folder | images.zip | kaggle:owner/dataset> [--goal "<words>"]
             [--target COL] [--task TASK] [--drop COL,COL] [--date COL] [--horizon N]
             [--series COL=VALUE | --series total]
             [--budget SECONDS] [--out bundle.zip] [--json] [--new-model | --version-of ID]
             --horizon: how far ahead in the data's spacing (days on daily data; on trading days, the
             trading days within that many days)
             --series: a table holding several series side by side (a row per date for each city):
             forecast the one where COL is VALUE, or all of them combined per date (total)
  automl plan <data> --goal "<words>" [--json]
  automl predict <bundle.zip | model-id> <new.csv | picture | image-folder | images.zip> [--horizon N]
                 [--explain [K]] [--keep COL,COL] --out predictions.csv
                 --horizon: forecast steps on the model's calendar (default: as many as it was trained for);
                 --explain: each row's K strongest reasons (default 3); --keep: these input columns
                 (an id, say) first in each output row, as written, to join the predictions back by
  automl profile <data.csv> [--json]
  automl models list | show <id> | delete <id>
  automl monitor <model-id> [--shadow VERSION|off] [--json]   exit 3 while an alert is open, 0 otherwise
  automl feedback <model-id> <outcomes.csv> [--outcome COL] [--json]
  automl retrain <model-id> <new-data.csv> [--mode append|replace] [--margin PCT] [--budget SECONDS] [--json]
  automl rollback <model-id> [<version>] [--reason "<words>"]

TASK is one of ${TASKS.join(', ')}.
A model trained on the same columns as a registered one becomes its next version (the run says which);
--new-model keeps it separate, --version-of ID picks the model. Data with other columns is always a new model.
Predictions of registered table models are logged for monitoring: drift against the training data, and live
metrics once outcomes come back (feedback). retrain trains a challenger with the model's plan and promotes it
only when it beats the active version by the margin on the newest labelled rows. --shadow VERSION has that
version score every batch beside the active one (logged, never returned) and shows both side by side.
Data lives in AUTOML_DATA_DIR (default: the app's data folder).`;
