/**
 * The registry's on-disk layout, and the upgrade from the first one.
 *
 * Layout 1 named a model after its task and target only, so two datasets that share a target name ended up
 * as versions of one model. Layout 2 ties every model id to one dataset schema (`model-info.json` beside the
 * version folders) and marks the registry with `registry.json`.
 *
 * The upgrade keeps every file: within each model, the versions whose schema differs from the model's first
 * version are moved (one folder rename each) to the model that already has their schema, or to a new id.
 * Moved versions are numbered on from 1 in their new model, and remember where they came from. A crash in the
 * middle leaves every version in one piece in one place, and the next start finishes the job.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelSchema } from '@shared/channels';
import { isModelId } from '@shared/ids';
import { writeFileAtomic } from '../store/atomic-write';
import { candidateIds } from './model-ids';
import { schemaOfModelJson } from './model-schema';

export const REGISTRY_LAYOUT = 2;
export const LAYOUT_FILE = 'registry.json';
export const MODEL_INFO_FILE = 'model-info.json';
const LOCK = '.upgrade-lock';

export interface ModelInfo {
  schema: ModelSchema;
}

export interface LayoutMove {
  from: { modelId: string; version: number };
  to: { modelId: string; version: number };
}

type Json = Record<string, unknown>;

const readJson = async (path: string): Promise<Json | null> => {
  try {
    const v: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
};

export async function readModelInfo(modelDir: string): Promise<ModelInfo | null> {
  const raw = await readJson(join(modelDir, MODEL_INFO_FILE));
  const schema = raw?.schema as ModelSchema | undefined;
  return schema && typeof schema.key === 'string' && Array.isArray(schema.columns) ? { schema } : null;
}

export async function writeModelInfo(modelDir: string, info: ModelInfo): Promise<void> {
  await writeFileAtomic(join(modelDir, MODEL_INFO_FILE), JSON.stringify(info, null, 1));
}

export async function versionNumbers(modelDir: string): Promise<number[]> {
  const names = await readdir(modelDir).catch(() => [] as string[]);
  return names
    .filter((n) => /^[1-9][0-9]*$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

async function modelDirs(root: string): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const out: string[] = [];
  for (const n of names) if (isModelId(n) && (await stat(join(root, n)).catch(() => null))?.isDirectory()) out.push(n);
  return out.sort();
}

/** The version `active.json` points at, or the newest. */
async function activeOf(modelDir: string, versions: number[]): Promise<number | undefined> {
  const v = (await readJson(join(modelDir, 'active.json')))?.version;
  return typeof v === 'number' && versions.includes(v) ? v : versions[versions.length - 1];
}

/** Brings a registry folder to the current layout (no-op when it is there already or holds nothing). */
export async function ensureLayout(root: string): Promise<void> {
  if (!existsSync(root) || (await layoutOf(root)) >= REGISTRY_LAYOUT) return;
  await withLock(root, async () => {
    if ((await layoutOf(root)) >= REGISTRY_LAYOUT) return;
    const moves = await upgrade(root);
    await writeFileAtomic(
      join(root, LAYOUT_FILE),
      JSON.stringify({ layout: REGISTRY_LAYOUT, upgradedAt: new Date().toISOString(), moves }, null, 1),
    );
  });
}

/** Marks a registry that was created in the current layout. */
export async function markLayout(root: string): Promise<void> {
  if ((await layoutOf(root)) < REGISTRY_LAYOUT)
    await writeFileAtomic(join(root, LAYOUT_FILE), JSON.stringify({ layout: REGISTRY_LAYOUT }, null, 1));
}

async function layoutOf(root: string): Promise<number> {
  const v = (await readJson(join(root, LAYOUT_FILE)))?.layout;
  return typeof v === 'number' ? v : 1;
}

/** One upgrade at a time across processes (the app and a CLI can start together); a lock older than a minute is stale. */
async function withLock(root: string, work: () => Promise<void>): Promise<void> {
  const lock = join(root, LOCK);
  for (let waited = 0; ; waited += 100) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = Date.now() - ((await stat(lock).catch(() => null))?.mtimeMs ?? 0);
      if (age > 60_000) await rm(lock, { recursive: true, force: true });
      else if (waited > 120_000) throw new Error('registry upgrade lock held too long');
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    await work();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

async function upgrade(root: string): Promise<LayoutMove[]> {
  const moves: LayoutMove[] = [];
  // Which model holds which schema (models that already have model-info.json, and those made below).
  const ids = await modelDirs(root);
  const holder = new Map<string, string>();
  for (const id of ids) {
    const info = await readModelInfo(join(root, id));
    if (info && !holder.has(info.schema.key)) holder.set(info.schema.key, id);
  }
  for (const id of ids) {
    const dir = join(root, id);
    const versions = await versionNumbers(dir);
    const schemas = new Map<number, ModelSchema>();
    for (const v of versions) {
      const mj = await readJson(join(dir, String(v), 'model.json'));
      const s = mj ? schemaOfModelJson(mj) : null;
      if (s) schemas.set(v, s);
    }
    const own = (await readModelInfo(dir))?.schema ?? schemas.get(versions.find((v) => schemas.has(v)) ?? -1);
    if (!own) continue;
    if (!holder.has(own.key)) holder.set(own.key, id);
    await writeModelInfo(dir, { schema: own });
    const strays = versions.filter((v) => schemas.has(v) && schemas.get(v)!.key !== own.key);
    if (strays.length === 0) continue;
    const activeBefore = await activeOf(dir, versions);
    for (const v of strays) {
      const schema = schemas.get(v)!;
      let to = holder.get(schema.key);
      if (!to) {
        to = candidateIds(schema).find((c) => !existsSync(join(root, c)))!;
        holder.set(schema.key, to);
        await mkdir(join(root, to), { recursive: true });
        await writeModelInfo(join(root, to), { schema });
      }
      const existing = await versionNumbers(join(root, to));
      const n = (existing[existing.length - 1] ?? 0) + 1;
      await rename(join(dir, String(v)), join(root, to, String(n)));
      await restamp(join(root, to, String(n)), to, n, { modelId: id, version: v });
      if (v === activeBefore) await writeFileAtomic(join(root, to, 'active.json'), JSON.stringify({ version: n }));
      moves.push({ from: { modelId: id, version: v }, to: { modelId: to, version: n } });
    }
    const left = await versionNumbers(dir);
    if (activeBefore !== undefined && strays.includes(activeBefore) && left.length) {
      await writeFileAtomic(join(dir, 'active.json'), JSON.stringify({ version: left[left.length - 1] }));
    }
  }
  return moves;
}

/** A moved version's model.json and summary say its new id and number, and where it was before. */
async function restamp(
  dir: string,
  modelId: string,
  version: number,
  movedFrom: { modelId: string; version: number },
): Promise<void> {
  for (const file of ['model.json', 'summary.json']) {
    const json = await readJson(join(dir, file));
    if (!json) continue;
    const next = file === 'model.json' ? { ...json, modelId, version, movedFrom } : { ...json, version, movedFrom };
    await writeFileAtomic(join(dir, file), JSON.stringify(next, null, file === 'model.json' ? 2 : undefined));
  }
}
