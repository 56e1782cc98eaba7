import { getLocale } from '@shared/locale';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RegisterChoice, StageEdits } from '@shared/channels';
import { CodedError } from '@shared/errors';
import type { DataProfile, Intent, LeaderboardRow, ProjectState } from '@shared/project';
import { LOWER_IS_BETTER } from '@shared/tasks';
import { chosenBySentence } from '@shared/charts';
import { shownName } from '@shared/column-names';
import type { PredictJobInput } from '../workers/trainer-methods';
import { ModelRegistry } from '../services/registry/model-registry';
import { KaggleClient } from '../engine/kaggle/kaggle-client';
import { pickDataFile } from '../engine/kaggle/pick-data-file';
import { removeTempsBeside } from '../engine/util/temp-beside';
import type { CliContext } from './cli-context';
import { driveProject, leadsInto } from './drive';
import type { RunFlags } from './args';
import { CONFIDENT } from '../engine/intent/parse-goal';

function choicesFrom(flags: RunFlags): StageEdits {
  const c: StageEdits = {};
  if (flags.task) c.task = flags.task;
  if (flags.target) c.target = flags.target;
  if (flags.date) c.date = flags.date;
  if (flags.series) c.series = flags.series;
  if (flags.horizon) c.horizon = Math.round(flags.horizon);
  if (flags.drop?.length) c.drop = flags.drop;
  if (flags.budget) c.budgetSeconds = flags.budget;
  return c;
}

/** `kaggle:owner/dataset` is downloaded first; anything else must be a local file or folder. */
async function localData(ctx: CliContext, data: string): Promise<string> {
  if (!data.startsWith('kaggle:')) {
    const path = resolve(data);
    try {
      await stat(path);
    } catch {
      throw new CodedError('file-not-found', `No file or folder at ${path}. Check the path.`);
    }
    return path;
  }
  const ref = data.slice('kaggle:'.length);
  const client = KaggleClient.fromEnvironment({ baseUrl: process.env.KAGGLE_API_BASE });
  if (!client) {
    throw new CodedError(
      'kaggle-auth',
      'No Kaggle credentials: put kaggle.json in ~/.kaggle or set KAGGLE_USERNAME and KAGGLE_KEY.',
    );
  }
  const dest = join(ctx.dataDir, 'downloads', ref.replace(/[^\w.-]+/g, '_'));
  const { files } = await client.download(ref, dest, { signal: ctx.signal });
  // A dataset of images (class folders) is used as a folder; otherwise the likeliest table.
  const picked = pickDataFile(dest, files);
  return picked ? resolve(dest, picked) : dest;
}

async function startProject(ctx: CliContext, data: string, flags: RunFlags): Promise<string> {
  const path = await localData(ctx, data);
  const name = flags.goal ? flags.goal.slice(0, 60) : `CLI: ${path.split(/[\\/]/).pop()}`;
  const state = await ctx.conductor.create(name, flags.goal, choicesFrom(flags));
  // Ctrl-C cancels the step that runs (the conductor saves it as cancelled and removes what it half-wrote).
  ctx.signal.addEventListener('abort', () => ctx.conductor.cancel(state.id), { once: true });
  await ctx.conductor.attachData(state.id, { kind: 'path', path });
  return state.id;
}

/**
 * `warn` gets lines for stderr that must come before training: a goal naming a column the file does not have is
 * read as the closest column (right about half the time in the phrasing table, so not refused), and a reading below
 * CONFIDENT (where the screens would ask) is trained as guessed; either way the person is told which column, how sure,
 * the next candidates and how to choose another before the budget is spent on it.
 */
export async function runCommand(
  ctx: CliContext,
  data: string,
  flags: RunFlags,
  warn: (line: string) => void = () => {},
): Promise<{ state: ProjectState; zipPath: string }> {
  const id = await startProject(ctx, data, flags);
  // Said at the gate that starts training: the reading may change until then (the profile re-reads the goal).
  await driveProject(ctx.conductor, id, 'EXPORT', ctx.signal, (stage, state) => {
    if (!state.intent || !leadsInto(state, stage, 'TRAIN')) return;
    const note = !flags.target && unsureTargetNote(state.intent);
    if (note) warn(note);
    const series = !flags.series && seriesNote(state.intent, state.profile);
    if (series) warn(series);
  });
  const zipPath = resolve(flags.out ?? join(ctx.dataDir, 'exports', `${id}.zip`));
  await mkdir(resolve(zipPath, '..'), { recursive: true });
  const register: RegisterChoice | undefined = flags.newModel
    ? { kind: 'new' }
    : flags.versionOf
      ? { kind: 'version', modelId: flags.versionOf }
      : undefined;
  await ctx.conductor.exportZip(id, zipPath, undefined, register, getLocale());
  return { state: await ctx.conductor.get(id), zipPath };
}

/** A forecast of one of several series the goal did not name: which one, and how to choose another or all. */
export function seriesNote(intent: Intent, profile?: DataProfile): string | null {
  const s = intent.series;
  if (!s || s.by !== 'first' || s.value === null) return null;
  const column = shownName(profile?.columns, s.column);
  const others = s.values.filter((v) => v !== s.value).slice(0, 5);
  return `Note: the table holds ${s.values.length} series side by side by '${column}' and the goal names none of them, so the forecast reads '${s.value}' (the one with the most rows). Others: ${others.join(', ')}${s.values.length > 6 ? ', …' : ''}. Choose with --series ${column}=VALUE, or --series total for all of them combined per date.`;
}

export async function planCommand(ctx: CliContext, data: string, flags: RunFlags) {
  const id = await startProject(ctx, data, flags);
  const state = await driveProject(ctx.conductor, id, 'TRAIN', ctx.signal);
  const intent = state.intent!;
  return {
    task: intent.task,
    target: intent.target,
    horizon: intent.horizon,
    k: intent.k,
    date: intent.date,
    ...(intent.series ? { series: intent.series } : {}),
    confidence: intent.confidence,
    alternatives: intent.alternatives,
    explanation: intent.explanation,
    ...(intent.why ? { why: intent.why } : {}),
    ...(intent.missingColumn ? { missingColumn: intent.missingColumn } : {}),
    ...(intent.inputs ? { inputs: intent.inputs } : {}),
    readBy: intent.readBy ?? 'rules',
    ...(intent.llmNote ? { llmNote: intent.llmNote } : {}),
    profile: state.profile,
    dataNotes: state.dataset?.notes ?? [],
    plan: state.plan ?? null,
    models: state.models ?? null,
    projectId: id,
  };
}

export async function profileCommand(ctx: CliContext, data: string): Promise<DataProfile> {
  const path = await localData(ctx, data);
  // The imported copy is only needed while profiling: it goes on success, failure and Ctrl-C alike.
  await mkdir(join(ctx.dataDir, 'scratch'), { recursive: true });
  const dir = await mkdtemp(join(ctx.dataDir, 'scratch', 'profile-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', cleanup);
  try {
    const options = { signal: ctx.signal, onEvent: ctx.report };
    const dataset = await ctx.jobs.request('ingest', { srcPath: path, destDir: dir }, options);
    return await ctx.jobs.request('profile', { dataPath: dataset.path, target: null }, options);
  } finally {
    cleanup();
    process.off('exit', cleanup);
  }
}

export async function predictCommand(
  ctx: CliContext,
  model: string,
  data: string,
  out: string | undefined,
  horizon?: number,
  explain?: number,
  keep?: string[],
) {
  if (!out) throw new CodedError('invalid-input', 'predict needs --out <predictions.csv>.');
  const isBundle = /\.zip$/i.test(model);
  if (isBundle) await localData(ctx, model);
  const input: PredictJobInput = {
    dataDir: ctx.dataDir,
    source: isBundle ? { kind: 'bundle', path: resolve(model) } : { kind: 'model', modelId: model },
    inputPath: await localData(ctx, data),
    outputPath: resolve(out),
    horizon,
    ...(explain ? { explain: Math.min(Math.floor(explain), 50) } : {}),
    ...(keep?.length ? { keep } : {}),
  };
  try {
    return await ctx.jobs.request('predict', input, { signal: ctx.signal, onEvent: ctx.report });
  } catch (err) {
    // A worker stopped mid-write (Ctrl-C it did not answer in time) leaves its temporary file beside the person's
    // --out: it goes; the file under the final name was never touched.
    await removeTempsBeside(input.outputPath);
    throw err;
  }
}

export async function modelsCommand(ctx: CliContext, sub: string | undefined, id: string | undefined) {
  const registry = new ModelRegistry(ctx.dataDir);
  if (sub === 'list' || sub === undefined) return registry.list();
  if (!id) throw new CodedError('invalid-input', `models ${sub} needs a model id (see 'automl models list').`);
  if (sub === 'show') return registry.show(id);
  if (sub === 'delete') {
    await registry.delete(id);
    return { deleted: id };
  }
  throw new CodedError('invalid-input', `Unknown 'models ${sub}'. Use list, show <id> or delete <id>.`);
}

/** When the goal named a column the file does not have: which column is trained instead, and how to choose another. */
export function missingTargetNote(intent: Intent): string | null {
  const missing = intent.missingColumn;
  if (!missing || !intent.target) return null;
  const others = missing.suggestions.filter((s) => s !== intent.target);
  // With no other close column, name none: suggesting the one already trained says nothing.
  const example = others.length > 0 ? JSON.stringify(others[0]) : 'COLUMN (the columns: automl profile <file>)';
  return `Note: No column called '${missing.named}': training '${intent.target}' instead (confidence ${intent.confidence.toFixed(2)}). If you meant another column, stop (Ctrl-C) and run again with --target ${example}${
    others.length > 1
      ? ` (or ${others
          .slice(1)
          .map((o) => JSON.stringify(o))
          .join(', ')})`
      : ''
  }.`;
}

/**
 * When the screens would ask (a column the goal named is missing, or the reading is below CONFIDENT): which column is
 * trained, how sure, why, the next candidates and how to choose one; null when the reading is sure or has no target.
 */
export function unsureTargetNote(intent: Intent): string | null {
  const missing = missingTargetNote(intent);
  if (missing) return missing;
  if (!intent.target || intent.confidence >= CONFIDENT) return null;
  const others = intent.alternatives
    .filter((a) => a.target && a.target !== intent.target)
    .filter((a, i, all) => all.findIndex((b) => b.target === a.target) === i)
    .slice(0, 3);
  const example = others[0]?.target ? JSON.stringify(others[0].target) : 'COLUMN (the columns: automl profile <file>)';
  return [
    `Note: Not sure which column the goal means (confidence ${intent.confidence.toFixed(2)}): training '${intent.target}' (${intent.task})${intent.why ? `: ${intent.why}` : ''}.`,
    ...(others.length
      ? [`  Next candidates: ${others.map((a) => `'${a.target}' (${a.task}, ${a.confidence.toFixed(2)})`).join(', ')}.`]
      : []),
    `  To train another, stop (Ctrl-C) and run again with --target ${example}.`,
  ].join('\n');
}

/** A short human summary of a finished run. */
export function describeRun(state: ProjectState, zipPath: string): string {
  const t = state.training;
  const lines = [
    `Task: ${state.intent?.explanation ?? state.intent?.task}`,
    ...notes([...(state.dataset?.notes ?? []), ...(state.profile?.warnings ?? [])]),
  ];
  if (t) {
    const best = t.leaderboard.find((r) => r.modelId === t.bestModelId);
    lines.push(
      `Models tried: ${t.leaderboard.length} in ${t.elapsedSeconds.toFixed(1)} s${t.cancelled ? ' (cancelled early)' : ''}`,
    );
    const sorted = [...t.leaderboard].filter((r) => r.status === 'done').sort((a, b) => compare(a, b, t.metric));
    // The top five, and the chosen model wherever it ranks.
    const shown = sorted.filter((r, i) => i < 5 || r.modelId === t.bestModelId);
    for (const r of shown) {
      const v = r.metrics[t.metric];
      lines.push(
        `  ${r.modelId === t.bestModelId ? '*' : ' '} ${r.label.padEnd(28)} ${t.metric} ${typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : '-'}`,
      );
    }
    const why = chosenBySentence(t);
    if (why) lines.push(`  (* ${why.charAt(0).toLowerCase()}${why.slice(1)})`);
    if (best?.testMetrics) {
      lines.push(
        `Best on held-out rows: ${Object.entries(best.testMetrics)
          .map(([k, v]) => `${k} ${Number(v).toFixed(4)}`)
          .join(', ')}`,
      );
    }
  }
  const ex = state.export;
  if (ex?.modelId)
    lines.push(
      ex.newModel
        ? `Registered as a new model: ${ex.modelId} (version 1).`
        : `Registered as version ${ex.version} of ${ex.modelId}, trained on the same columns; use --new-model to keep a retrain separate.`,
    );
  else if (ex) lines.push('Not registered: this task is an analysis of the data, not a model for new data.');
  lines.push(`Bundle: ${zipPath}`);
  return lines.join('\n');
}

function compare(a: LeaderboardRow, b: LeaderboardRow, metric: string): number {
  const va = a.metrics[metric as keyof typeof a.metrics] ?? NaN;
  const vb = b.metrics[metric as keyof typeof b.metrics] ?? NaN;
  return LOWER_IS_BETTER.has(metric) ? va - vb : vb - va;
}

/**
 * What the import assumed (decimal commas, formatted numbers read as numbers) and the profile's warnings (leakage,
 * numbers read as text, ids left out...): the app shows them on the Data step.
 */
export const notes = (warnings: string[]): string[] => warnings.map((w) => `Note: ${w}`);

/** `plan` for a person: the reading, why, and (when unsure) the other readings to choose from with --task/--target. */
export function describePlan(plan: Awaited<ReturnType<typeof planCommand>>): string {
  const lines = [
    plan.explanation,
    `Task: ${plan.task}  Target: ${plan.target ?? '-'}  Confidence: ${plan.confidence.toFixed(2)}${plan.why ? `  (${plan.why})` : ''}`,
  ];
  if (plan.llmNote) lines.push(`Note: ${plan.llmNote}`);
  lines.push(...notes([...(plan.dataNotes ?? []), ...(plan.profile?.warnings ?? [])]));
  if (plan.confidence < CONFIDENT && plan.alternatives.length) {
    lines.push('Not sure. Other readings:');
    plan.alternatives.slice(0, 3).forEach((a, i) => {
      const target = a.target ? ` --target ${JSON.stringify(a.target)}` : '';
      lines.push(`  ${i + 1}. --task ${a.task}${target}  (${a.confidence.toFixed(2)})${a.why ? `: ${a.why}` : ''}`);
    });
    lines.push('Run again with the --task/--target of the reading you mean.');
  }
  return lines.join('\n');
}
