import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { fixturePipelines } from '../../engine/onnx/fixtures/pipelines';
import { makeTable } from '../../engine/onnx/fixtures/synthetic-data';
import { buildModelJson } from '../../engine/pipeline/model-json';
import { ModelRegistry, type SaveArgs } from './model-registry';

const root = mkdtempSync(join(tmpdir(), 'registry-candidate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const p = fixturePipelines(makeTable(200, 1), 'regression').linear;
const args: SaveArgs = {
  modelId: 'price',
  onnx: pipelineToOnnx(p),
  modelJson: buildModelJson({
    appVersion: '0.1.0',
    task: 'regression',
    pipeline: p,
    family: 'linear',
    metrics: { primary: 'rmse', test: { rmse: 1 } },
    trainingData: { rows: 200, columns: 8 },
    trainingSeconds: 1,
  }),
};

/**
 * Which version a reader would take as active, read synchronously on every turn of the event loop (so between
 * any two file operations of a commit) until stopped: the pointer when it names a published version, else the
 * newest, as the registry reads it.
 */
function watchActive(modelDir: string): () => Set<number> {
  const seen = new Set<number>();
  let on = true;
  const look = () => {
    const versions = readdirSync(modelDir)
      .filter((f) => /^[1-9][0-9]*$/.test(f))
      .map(Number);
    let pointed: unknown = null;
    try {
      pointed = (JSON.parse(readFileSync(join(modelDir, 'active.json'), 'utf8')) as { version?: unknown }).version;
    } catch {
      pointed = null;
    }
    if (versions.length)
      seen.add(typeof pointed === 'number' && versions.includes(pointed) ? pointed : Math.max(...versions));
    if (on) setImmediate(look);
  };
  look();
  return () => {
    on = false;
    return seen;
  };
}

async function registryWith(versions: number, active: number): Promise<{ reg: ModelRegistry; dir: string }> {
  const reg = new ModelRegistry(join(root, `data-${n++}`));
  for (let i = 0; i < versions; i++) await reg.save(args);
  await reg.activate('price', active);
  return { reg, dir: join(reg.root, 'price') };
}

describe('commit without activating', () => {
  it('publishes a candidate that no reader ever sees as active', async () => {
    const { reg, dir } = await registryWith(2, 1);
    const pending = await reg.prepare(args);
    const stop = watchActive(dir);
    const saved = await pending.commit({ activate: false });
    expect([...stop()]).toEqual([1]);
    expect(saved.version).toBe(3);
    const [m] = await reg.list();
    expect(m.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(m.activeVersion).toBe(1);
    expect((await reg.resolve('price')).version).toBe(1);
    // It can be promoted later like any version.
    expect((await reg.activate('price', 3)).activeVersion).toBe(3);
  });

  it('the watcher does see the moment when a commit activates and the old version is re-activated after', async () => {
    // The way retrain worked before: it shows the watcher catches a version that is active for a moment.
    const { reg, dir } = await registryWith(1, 1);
    const pending = await reg.prepare(args);
    const stop = watchActive(dir);
    await pending.commit();
    await reg.activate('price', 1);
    expect([...stop()].sort()).toEqual([1, 2]);
  });

  it('keeps the newest version active when no pointer names it (older registries), and pins it first', async () => {
    const { reg, dir } = await registryWith(2, 2);
    rmSync(join(dir, 'active.json'));
    const stop = watchActive(dir);
    await (await reg.prepare(args)).commit({ activate: false });
    expect([...stop()]).toEqual([2]);
    expect((await reg.resolve('price')).version).toBe(2);

    // A pointer naming a version that is gone: the newest (3) counts as active, and stays so.
    writeFileSync(join(dir, 'active.json'), JSON.stringify({ version: 9 }));
    const stop2 = watchActive(dir);
    await (await reg.prepare(args)).commit({ activate: false });
    expect([...stop2()]).toEqual([3]);
    expect((await reg.list())[0]).toMatchObject({ activeVersion: 3, versions: [{}, {}, {}, {}] });
  });

  it("a model's first version is active even when committed as a candidate", async () => {
    const reg = new ModelRegistry(join(root, `data-${n++}`));
    const saved = await (await reg.prepare(args)).commit({ activate: false });
    expect(saved.version).toBe(1);
    expect((await reg.resolve('price')).version).toBe(1);
  });
});
