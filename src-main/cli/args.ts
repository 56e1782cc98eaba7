import { parseArgs } from 'node:util';
import { CodedError } from '@shared/errors';
import { isTask, TASKS, type Task } from '@shared/tasks';

export interface RunFlags {
  goal: string;
  target?: string;
  task?: Task;
  drop?: string[];
  date?: string;
  horizon?: number;
  budget?: number;
  out?: string;
  json: boolean;
  /** Register the model as a new model even when one with the same columns exists. */
  newModel: boolean;
  /** Register the model as a new version of this model id (it must have been trained on the same columns). */
  versionOf?: string;
}

const OPTIONS = {
  goal: { type: 'string' },
  target: { type: 'string' },
  task: { type: 'string' },
  drop: { type: 'string' },
  date: { type: 'string' },
  horizon: { type: 'string' },
  budget: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  'new-model': { type: 'boolean' },
  'version-of': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new CodedError('invalid-input', `--${name} must be a positive number, not '${raw}'.`);
  return n;
}

/** Parses argv after the command word. Unknown flags and bad values are usage errors with one clear line. */
export function parseCommandArgs(argv: string[]) {
  let parsed;
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
    horizon: positiveNumber('horizon', v.horizon),
    budget: positiveNumber('budget', v.budget),
    out: v.out,
    json: Boolean(v.json),
    newModel: Boolean(v['new-model']),
    versionOf: v['version-of'],
  };
  if (flags.newModel && flags.versionOf)
    throw new CodedError('invalid-input', 'Use --new-model or --version-of ID, not both.');
  return { positionals: parsed.positionals, flags, help: Boolean(v.help) };
}

export const USAGE = `automl: local AutoML from the command line

  automl run <data.csv | image-folder | kaggle:owner/dataset> [--goal "<words>"]
             [--target COL] [--task TASK] [--drop COL,COL] [--date COL] [--horizon N]
             [--budget SECONDS] [--out bundle.zip] [--json] [--new-model | --version-of ID]
  automl plan <data> --goal "<words>" [--json]
  automl predict <bundle.zip | model-id> <new.csv | image-folder> [--horizon N] --out predictions.csv
  automl profile <data.csv> [--json]
  automl models list | show <id> | delete <id>

TASK is one of ${TASKS.join(', ')}.
A model trained on the same columns as a registered one becomes its next version (the run says which);
--new-model keeps it separate, --version-of ID picks the model. Data with other columns is always a new model.
Data lives in AUTOML_DATA_DIR (default: the app's data folder).`;
