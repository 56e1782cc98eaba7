/**
 * The model registry on disk:
 *   <dataDir>/models/registry.json                 { "layout": 2 } (registry-layout.ts upgrades older ones)
 *   <dataDir>/models/<model-id>/model-info.json    the dataset schema every version of this model was trained on
 *   <dataDir>/models/<model-id>/<version>/model.json (+ model.onnx when the model has one, extra files)
 *   <dataDir>/models/<model-id>/active.json        { "version": n }   which version `resolve` and predict use
 * A model id belongs to one dataset schema (task, target, column names): saving data with other columns under
 * it is refused ('schema-mismatch'); without an id, a save goes to the most recent model of the same schema
 * or to a new id. Saving adds a version and makes it active (or, committed with `activate: false`, keeps the active
 * one: a candidate); activate() promotes or rolls back.
 * A version is written (and fsynced) under a claimed hidden name `.claim-<n>` and renamed into place, so readers
 * never see half a version, two concurrent saves cannot claim the same number, and a crash leaves no version.
 */
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { isModelId, MODEL_ID_RULE } from '@shared/ids';
import type { ModelInput, ModelSchema, RegistryModel } from '@shared/channels';
import { isTask } from '@shared/tasks';
import { parseModelJson, type ModelJson } from '../../engine/pipeline/model-json';
import type { BundleModelJson } from '../../engine/artifacts/model-json';
import { BUNDLE_FILES } from '../../engine/artifacts/files';
import { removeLog } from '../../engine/monitor/log-db';
import { writeFileAtomic } from '../store/atomic-write';
import { CLAIM_OWNER, claimVersion, sweepDeadClaims, syncDir, writeDurably } from './version-claim';
import { candidateIds } from './model-ids';
import { inputOfModelJson, schemaOfModelJson } from './model-schema';
import { ensureLayout, markLayout, readModelInfo, versionNumbers, writeModelInfo } from './registry-layout';

export interface RegistryLimits {
  maxModels: number;
  maxVersionsPerModel: number;
  /** Largest model.onnx plus extra files of one version, in bytes. */
  maxVersionBytes: number;
}

export const DEFAULT_REGISTRY_LIMITS: RegistryLimits = {
  maxModels: 200,
  maxVersionsPerModel: 50,
  maxVersionBytes: 512 * 1024 ** 2,
};

/**
 * `schema` (else read from model.json) ties the version to its data: an existing `modelId` must have the same
 * schema; without one the version joins the most recent model of that schema, or starts a new one. `onnx` is
 * absent for models that have none (forecasts, anomaly models).
 */
export interface SaveArgs {
  modelId?: string;
  schema?: ModelSchema;
  /** The training file's original name, shown in lists. */
  dataset?: string | null;
  onnx?: Uint8Array | null;
  modelJson: BundleModelJson;
  extraFiles?: Record<string, Uint8Array | string>;
}

export interface SavedVersion {
  modelId: string;
  version: number;
  dir: string;
  /** True when this version started the model (a new id). */
  newModel: boolean;
}

/** A version written but not yet published (see ModelRegistry.prepare). */
export interface PendingVersion {
  modelId: string;
  version: number;
  newModel: boolean;
  /**
   * Publishes the version. By default it becomes the active one; `activate: false` publishes it as a candidate
   * that is never active, not even for a moment (a model's first version is always active: there is no other).
   */
  commit(options?: { activate?: boolean }): Promise<SavedVersion>;
  abort(): Promise<void>;
}

/** Checks a model id so no path can escape the models folder. */
export function assertModelId(modelId: string): string {
  if (!isModelId(modelId)) {
    throw new CodedError('invalid-id', `'${String(modelId).slice(0, 80)}' is not a valid model id. ${MODEL_ID_RULE}`, {
      modelId: String(modelId).slice(0, 200),
    });
  }
  return modelId;
}

function assertVersion(version: number): number {
  if (!Number.isInteger(version) || version < 1)
    throw new CodedError('invalid-input', `Version ${version} is not valid: versions are 1, 2, 3, ...`);
  return version;
}

/** File names allowed beside model.onnx / model.json in a version folder. */
const EXTRA_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The metric shown in lists: `metrics.primary`, else the first usual one present; test value before validation. */
function headlineMetric(m: BundleModelJson): { metric?: string; score?: number } {
  // Read defensively: a version saved by an older app may lack any of these.
  const metrics = (m.metrics ?? {}) as ModelJson['metrics'];
  const sets = [metrics.test, metrics.validation].filter(
    (x): x is Partial<Record<string, number>> => typeof x === 'object' && x !== null,
  );
  const names = metrics.primary
    ? [metrics.primary]
    : ['rmse', 'accuracy', 'f1_macro', 'r2', 'mae', 'silhouette', 'mape'];
  for (const name of names) {
    for (const set of sets) if (typeof set[name] === 'number') return { metric: name, score: set[name] };
  }
  return metrics.primary ? { metric: metrics.primary } : {};
}

const SUMMARY_FILE = 'summary.json';

/** summary.json: what the Models list shows for one version, plus what it can score. */
type VersionSummary = RegistryModel['versions'][number] & { input?: ModelInput };

function versionSummary(m: BundleModelJson, version: number): VersionSummary {
  const { metric, score } = headlineMetric(m);
  const movedFrom = m.movedFrom;
  return {
    version,
    createdAt: Date.parse(m.createdAt ?? '') || 0,
    task: isTask(m.task) ? m.task : 'summary',
    target: 'target' in m && typeof m.target === 'string' ? m.target : null,
    ...(metric ? { metric } : {}),
    ...(score !== undefined ? { score } : {}),
    ...(typeof m.dataset === 'string' ? { dataset: m.dataset } : {}),
    ...(movedFrom ? { movedFrom } : {}),
    input: inputOfModelJson(m),
  };
}

export interface ModelVersionInfo {
  version: number;
  dir: string;
  modelJson: BundleModelJson;
}

export class ModelRegistry {
  readonly root: string;
  private layout: Promise<void> | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly limits: RegistryLimits = DEFAULT_REGISTRY_LIMITS,
  ) {
    this.root = join(dataDir, 'models');
  }

  /** Upgrades a registry written in an older layout, once per instance, before anything reads it. */
  private ready(): Promise<void> {
    this.layout ??= ensureLayout(this.root);
    return this.layout;
  }

  private modelDir(modelId: string): string {
    return join(this.root, assertModelId(modelId));
  }

  private async versionsOf(modelId: string): Promise<number[]> {
    await this.ready();
    return versionNumbers(this.modelDir(modelId));
  }

  /** The schema a model's versions were trained on (null for an id nobody has used). */
  private async schemaOf(modelId: string): Promise<ModelSchema | null> {
    const info = await readModelInfo(this.modelDir(modelId));
    if (info) return info.schema;
    for (const v of await this.versionsOf(modelId)) {
      const m = await this.readVersion(modelId, v).catch(() => null);
      const s = m ? schemaOfModelJson(m.modelJson) : null;
      if (s) return s;
    }
    return null;
  }

  /**
   * Where a model of `schema` would go: the models already trained on the same columns (most recent first)
   * and the id a new model would take (one no model holds or claims).
   */
  async placement(
    schema: ModelSchema,
    dataset?: string | null,
  ): Promise<{ matches: RegistryModel[]; newModelId: string }> {
    const matches = (await this.list()).filter((m) => m.schema?.key === schema.key);
    for (const id of candidateIds(schema, dataset)) {
      const dir = join(this.root, id);
      if ((await versionNumbers(dir)).length === 0 && !(await readModelInfo(dir))) return { matches, newModelId: id };
    }
    throw new CodedError('limit-exceeded', 'No free model id is left for this data: delete old models.');
  }

  private async modelIds(): Promise<string[]> {
    await this.ready();
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch {
      return [];
    }
    const ids: string[] = [];
    for (const n of names) {
      if (isModelId(n) && (await this.versionsOf(n)).length > 0) ids.push(n);
    }
    return ids;
  }

  /** The version active.json names, or null when it is missing or unreadable. */
  private async pointedVersion(modelId: string): Promise<number | null> {
    try {
      const v = (
        JSON.parse(await readFile(join(this.modelDir(modelId), 'active.json'), 'utf8')) as { version?: unknown }
      ).version;
      return typeof v === 'number' ? v : null;
    } catch {
      return null;
    }
  }

  private async activeVersion(modelId: string, versions: number[]): Promise<number> {
    const v = await this.pointedVersion(modelId);
    // No pointer, or one naming a version that is gone: the newest version is active.
    return v !== null && versions.includes(v) ? v : versions[versions.length - 1];
  }

  private async readVersion(modelId: string, version: number): Promise<ModelVersionInfo> {
    const dir = join(this.modelDir(modelId), String(assertVersion(version)));
    let text: string;
    try {
      text = await readFile(join(dir, BUNDLE_FILES.modelJson), 'utf8');
    } catch {
      const have = await this.versionsOf(modelId);
      throw new CodedError(
        'model-not-found',
        have.length
          ? `Model '${modelId}' has no version ${version}. Versions: ${have.join(', ')}.`
          : `No model '${modelId}' in the registry. See the list with \`automl models list\`.`,
        { modelId, version },
      );
    }
    return { version, dir, modelJson: parseModelJson(text, `model.json of ${modelId} v${version}`) };
  }

  /** Stores a new version (1 for a new id) and makes it the active one. */
  async save(args: SaveArgs): Promise<SavedVersion> {
    return (await this.prepare(args)).commit();
  }

  /**
   * Writes a new version under a claimed number without publishing it: nothing lists, resolves or predicts
   * with it until `commit()` (which renames it into place and makes it active). `abort()` removes it, and a
   * claim left by a process that died is swept by the next save. Export calls commit only once its bundle
   * is complete, so an interrupted export never adds a version.
   */
  async prepare(args: SaveArgs): Promise<PendingVersion> {
    await this.ready();
    const schema = args.schema ?? schemaOfModelJson(args.modelJson);
    if (!schema)
      throw new CodedError(
        'invalid-input',
        'This model.json does not say which columns it was trained on; export it again.',
      );
    const placement = args.modelId ? null : await this.placement(schema, args.dataset);
    const modelId = assertModelId(args.modelId ?? placement!.matches[0]?.modelId ?? placement!.newModelId);
    const known = await this.schemaOf(modelId);
    if (known && known.key !== schema.key) throw schemaMismatch(modelId, known, schema);
    const extras = Object.entries(args.extraFiles ?? {});
    for (const [name] of extras) {
      if (!EXTRA_FILE.test(name) || [BUNDLE_FILES.onnx, BUNDLE_FILES.modelJson, SUMMARY_FILE].includes(name)) {
        throw new CodedError(
          'invalid-input',
          `Cannot store extra file '${name}' with the model: use a plain file name other than model.onnx, model.json or ${SUMMARY_FILE}.`,
        );
      }
    }
    const bytes =
      (args.onnx?.byteLength ?? 0) +
      extras.reduce((a, [, d]) => a + (typeof d === 'string' ? Buffer.byteLength(d) : d.byteLength), 0);
    if (bytes > this.limits.maxVersionBytes) {
      throw new CodedError(
        'limit-exceeded',
        `This model takes ${(bytes / 1024 ** 2).toFixed(1)} MB; the registry keeps models up to ${(this.limits.maxVersionBytes / 1024 ** 2).toFixed(0)} MB. Choose a smaller model (fewer or shallower trees).`,
        { bytes },
      );
    }
    const existing = await this.versionsOf(modelId);
    if (existing.length === 0 && (await this.modelIds()).length >= this.limits.maxModels) {
      throw new CodedError(
        'limit-exceeded',
        `The registry already holds ${this.limits.maxModels} models. Delete some (\`automl models delete <id>\` or the Models screen) and save again.`,
      );
    }
    if (existing.length >= this.limits.maxVersionsPerModel) {
      throw new CodedError(
        'limit-exceeded',
        `Model '${modelId}' already has ${existing.length} versions (the limit is ${this.limits.maxVersionsPerModel}). Delete the model or save under a new id.`,
      );
    }
    const modelDir = this.modelDir(modelId);
    await mkdir(modelDir, { recursive: true });
    await sweepDeadClaims(modelDir);
    const { version, claim } = await claimVersion(modelDir, existing);
    try {
      const createdAt =
        typeof args.modelJson.createdAt === 'string' ? args.modelJson.createdAt : new Date().toISOString();
      const mj: BundleModelJson = {
        ...args.modelJson,
        createdAt,
        modelId,
        version,
        schema,
        ...(args.dataset ? { dataset: args.dataset } : {}),
      };
      if (args.onnx) await writeDurably(join(claim, BUNDLE_FILES.onnx), args.onnx);
      for (const [name, data] of extras) await writeDurably(join(claim, name), data);
      await writeDurably(join(claim, BUNDLE_FILES.modelJson), JSON.stringify(mj, null, 2));
      await writeDurably(join(claim, SUMMARY_FILE), JSON.stringify(versionSummary(mj, version)));
    } catch (err) {
      await rm(claim, { recursive: true, force: true });
      throw err;
    }
    const dir = join(modelDir, String(version));
    let settled = false;
    return {
      modelId,
      version,
      newModel: !known,
      commit: async (options) => {
        if (settled) throw new CodedError('internal', 'This model version was already saved or dropped.');
        settled = true;
        const activate = options?.activate ?? true;
        // A new model's schema is recorded as it is published (an aborted first version leaves no claim on the id).
        await markLayout(this.root);
        if (!known) await writeModelInfo(modelDir, { schema });
        const published = await versionNumbers(modelDir);
        if (!activate && published.length > 0) {
          // Without a valid pointer the newest version counts as active, which this one would become on rename:
          // the pointer names the version active now before the new folder appears.
          const current = await this.activeVersion(modelId, published);
          if ((await this.pointedVersion(modelId)) !== current)
            await writeFileAtomic(join(modelDir, 'active.json'), JSON.stringify({ version: current }));
        }
        await rm(join(claim, CLAIM_OWNER), { force: true });
        await syncDir(claim);
        await rename(claim, dir);
        await syncDir(modelDir);
        if (activate || published.length === 0)
          await writeFileAtomic(join(modelDir, 'active.json'), JSON.stringify({ version }));
        return { modelId, version, dir, newModel: !known };
      },
      abort: async () => {
        if (settled) return;
        settled = true;
        await rm(claim, { recursive: true, force: true });
      },
    };
  }

  /** Every model with its versions (oldest first), most recently created model first. */
  async list(): Promise<RegistryModel[]> {
    const out: RegistryModel[] = [];
    for (const id of await this.modelIds()) {
      const m = await this.summary(id).catch(() => null);
      if (m) out.push(m);
    }
    const latest = (m: RegistryModel) => Math.max(...m.versions.map((v) => v.createdAt));
    return out.sort((a, b) => latest(b) - latest(a) || a.modelId.localeCompare(b.modelId));
  }

  private async summary(modelId: string): Promise<RegistryModel> {
    const versions = await this.versionsOf(modelId);
    if (versions.length === 0)
      throw new CodedError(
        'model-not-found',
        `No model '${modelId}' in the registry. See the list with \`automl models list\`.`,
        { modelId },
      );
    const infos: VersionSummary[] = [];
    for (const v of versions) {
      // The small summary.json written at save keeps listing fast (model.json carries the whole data profile);
      // a version without one is summarised from model.json, and one with neither is skipped.
      const cached = await readFile(join(this.modelDir(modelId), String(v), SUMMARY_FILE), 'utf8').then(
        (t) => JSON.parse(t) as VersionSummary,
        () => null,
      );
      if (cached && cached.version === v && typeof cached.createdAt === 'number' && cached.input) {
        infos.push(cached);
        continue;
      }
      const m = await this.readVersion(modelId, v).then(
        (r) => r.modelJson,
        () => null,
      );
      if (m) infos.push(versionSummary(m, v));
    }
    const readable = infos.map((i) => i.version);
    if (readable.length === 0)
      throw new CodedError(
        'model-not-found',
        `Model '${modelId}' has no readable version. Delete it and save the model again.`,
        { modelId },
      );
    const activeVersion = await this.activeVersion(modelId, readable);
    const active = infos.find((i) => i.version === activeVersion) ?? infos[infos.length - 1];
    const schema = await this.schemaOf(modelId);
    return {
      modelId,
      versions: infos.map(({ input: _input, ...rest }) => rest),
      activeVersion,
      ...(schema ? { schema } : {}),
      input: active.input ?? { kind: 'none', reason: 'This version cannot be read. Delete it and export it again.' },
    };
  }

  /** The model's summary plus every version's model.json. */
  async show(modelId: string): Promise<RegistryModel & { details: ModelVersionInfo[] }> {
    const summary = await this.summary(modelId);
    const details: ModelVersionInfo[] = [];
    for (const v of summary.versions) details.push(await this.readVersion(modelId, v.version));
    return { ...summary, details };
  }

  /** Where a version lives (the active one by default). */
  async resolve(
    modelId: string,
    version?: number,
  ): Promise<{ dir: string; modelJson: BundleModelJson; onnxPath: string; version: number }> {
    // onnxPath is '' for a model without one (a forecast keeps its fitted parameters in model.json).
    const versions = await this.versionsOf(modelId);
    if (versions.length === 0)
      throw new CodedError(
        'model-not-found',
        `No model '${modelId}' in the registry. See the list with \`automl models list\`.`,
        { modelId },
      );
    const v = version ?? (await this.activeVersion(modelId, versions));
    const info = await this.readVersion(modelId, v);
    const onnxPath = join(info.dir, BUNDLE_FILES.onnx);
    const hasOnnx = await stat(onnxPath).then(
      () => true,
      () => false,
    );
    if (!hasOnnx && needsOnnx(info.modelJson)) {
      throw new CodedError(
        'model-not-found',
        `Model '${modelId}' v${v} has no model.onnx. Delete it and save the model again.`,
        { modelId, version: v },
      );
    }
    return { dir: info.dir, modelJson: info.modelJson, onnxPath: hasOnnx ? onnxPath : '', version: v };
  }

  /** The published version numbers of a model, oldest first (none for an unknown id). */
  async versionNumbers(modelId: string): Promise<number[]> {
    return this.versionsOf(modelId);
  }

  /** Makes `version` the one predict uses (promote a new one, or roll back to an older one). */
  async activate(modelId: string, version: number): Promise<RegistryModel> {
    await this.readVersion(modelId, version);
    await writeFileAtomic(join(this.modelDir(modelId), 'active.json'), JSON.stringify({ version }));
    return this.summary(modelId);
  }

  /**
   * Deletes a whole model (with its prediction log: a later model of the same id must not inherit it), or one
   * version of it (the newest remaining version becomes active if needed; the log stays, it spans versions).
   */
  async delete(modelId: string, version?: number): Promise<{ deleted: true }> {
    const versions = await this.versionsOf(modelId);
    if (versions.length === 0)
      throw new CodedError(
        'model-not-found',
        `No model '${modelId}' in the registry. See the list with \`automl models list\`.`,
        { modelId },
      );
    if (version === undefined || (versions.length === 1 && versions[0] === version)) {
      await rm(this.modelDir(modelId), { recursive: true, force: true });
      await removeLog(this.dataDir, modelId);
      return { deleted: true };
    }
    if (!versions.includes(assertVersion(version))) {
      throw new CodedError(
        'model-not-found',
        `Model '${modelId}' has no version ${version}. Versions: ${versions.join(', ')}.`,
        { modelId, version },
      );
    }
    const active = await this.activeVersion(modelId, versions);
    await rm(join(this.modelDir(modelId), String(version)), { recursive: true, force: true });
    if (active === version) {
      const rest = versions.filter((v) => v !== version);
      await writeFileAtomic(
        join(this.modelDir(modelId), 'active.json'),
        JSON.stringify({ version: rest[rest.length - 1] }),
      );
    }
    return { deleted: true };
  }
}

/** Tabular, image and segment models score through model.onnx; forecasts and anomaly models through model.json. */
function needsOnnx(m: BundleModelJson): boolean {
  return m.task !== 'forecast' && m.task !== 'anomaly';
}

function schemaMismatch(modelId: string, known: ModelSchema, schema: ModelSchema): CodedError {
  const added = schema.columns.filter((c) => !known.columns.includes(c));
  const gone = known.columns.filter((c) => !schema.columns.includes(c));
  const diff = [
    known.task !== schema.task ? `task ${known.task} vs ${schema.task}` : '',
    known.target !== schema.target ? `target '${known.target ?? '-'}' vs '${schema.target ?? '-'}'` : '',
    added.length ? `new columns ${added.slice(0, 5).join(', ')}${added.length > 5 ? ', …' : ''}` : '',
    gone.length ? `missing ${gone.slice(0, 5).join(', ')}${gone.length > 5 ? ', …' : ''}` : '',
  ].filter(Boolean);
  return new CodedError(
    'schema-mismatch',
    `Model '${modelId}' was trained on other data (${diff.join('; ')}). Save this one as a new model instead.`,
    { modelId, added, missing: gone },
  );
}
