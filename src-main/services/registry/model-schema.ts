/**
 * Which dataset a registry model belongs to. A model id holds the versions of ONE schema: the same task,
 * target and column names (order does not matter: scoring reads columns by name). A new dataset with other
 * columns that happens to share the target's name is another model, never a version of this one.
 */
import { createHash } from 'node:crypto';
import type { ModelInput, ModelSchema } from '@shared/channels';
import type { ProjectState } from '@shared/project';
import { DEFAULT_HORIZON, isTask, type Task } from '@shared/tasks';

export function makeSchema(task: Task, target: string | null, columns: readonly string[]): ModelSchema {
  const sorted = [...new Set(columns)].sort();
  const key = createHash('sha256')
    .update(JSON.stringify([task, target, sorted]))
    .digest('hex')
    .slice(0, 16);
  return { key, task, target, columns: sorted };
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const names = (v: unknown): string[] =>
  Array.isArray(v) ? v.flatMap((x) => (isObject(x) && typeof x.name === 'string' ? [x.name] : [])) : [];

/**
 * The schema a model.json was trained on, for versions saved before model.json carried one (registry
 * migration): the profiled columns of its training data when recorded, else its inputs and target; an image
 * model's classes. Null when the file says too little to tell.
 */
export function schemaOfModelJson(json: object): ModelSchema | null {
  const mj = json as Json;
  if (isObject(mj.schema)) {
    const s = mj.schema;
    if (typeof s.key === 'string' && isTask(s.task) && Array.isArray(s.columns)) {
      return makeSchema(s.task, typeof s.target === 'string' ? s.target : null, strings(s.columns));
    }
  }
  if (!isTask(mj.task)) return null;
  const target = typeof mj.target === 'string' ? mj.target : null;
  if (mj.task === 'image') {
    const classes = strings(mj.labels ?? mj.classes);
    return classes.length ? makeSchema('image', null, classes) : null;
  }
  const training = isObject(mj.trainingData) ? mj.trainingData : {};
  const profiled = isObject(training.profile) ? names(training.profile.columns) : [];
  if (profiled.length) return makeSchema(mj.task, target, profiled);
  const listed = names(training.columns);
  if (listed.length) return makeSchema(mj.task, target, listed);
  const features = names(mj.features);
  if (features.length) return makeSchema(mj.task, target, target ? [...features, target] : features);
  return null;
}

/** What a model.json's model can score (shown on the Models and Predict screens). */
export function inputOfModelJson(json: object): ModelInput {
  const mj = json as Json;
  const task = mj.task;
  if (task === 'classification' || task === 'regression') return { kind: 'table', columns: names(mj.features) };
  if (task === 'image') return { kind: 'images', classes: strings(mj.labels ?? mj.classes) };
  if (task === 'forecast') {
    const fitted = isObject(mj['forecast-model']) ? mj['forecast-model'] : {};
    const dateColumn = typeof fitted.dateColumn === 'string' ? fitted.dateColumn : String(mj.date ?? 'date');
    const target = typeof fitted.target === 'string' ? fitted.target : String(mj.target ?? 'value');
    const frequency = isObject(fitted.frequency) ? fitted.frequency : {};
    return {
      kind: 'history',
      dateColumn,
      target,
      horizon: typeof mj.horizon === 'number' ? mj.horizon : DEFAULT_HORIZON,
      ...(typeof frequency.unit === 'string' && frequency.step === 1 ? { period: frequency.unit } : {}),
    };
  }
  if (task === 'segment') {
    const fitted = isObject(mj['segment-model']) ? mj['segment-model'] : {};
    if (fitted.mode === 'rfm' && isObject(fitted.rfm) && isObject(fitted.rfm.columns)) {
      return { kind: 'table', columns: Object.values(fitted.rfm.columns).filter((c) => typeof c === 'string') };
    }
    const encoders = Array.isArray(fitted.encoders) ? fitted.encoders : [];
    return {
      kind: 'table',
      columns: encoders.flatMap((e) => (isObject(e) && typeof e.column === 'string' ? [e.column] : [])),
    };
  }
  if (task === 'anomaly') {
    const fitted = isObject(mj['anomaly-model']) ? mj['anomaly-model'] : null;
    if (fitted && Array.isArray(fitted.columns)) return { kind: 'table', columns: strings(fitted.columns) };
    return { kind: 'none', reason: 'This anomaly model was saved before new rows could be scored. Train it again.' };
  }
  return { kind: 'none', reason: `A ${String(task)} result describes its own data; it scores nothing new.` };
}

/** The schema of a project's data: its columns (an image set's classes), task and target. */
export function schemaOfProject(state: Pick<ProjectState, 'intent' | 'dataset'>): ModelSchema | null {
  const { intent, dataset } = state;
  if (!intent || !dataset) return null;
  if (intent.task === 'image')
    return makeSchema(
      'image',
      null,
      (dataset.imageClasses ?? []).map((c) => c.name),
    );
  return makeSchema(
    intent.task,
    intent.target,
    dataset.columns.map((c) => c.name),
  );
}
