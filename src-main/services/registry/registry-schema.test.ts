import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodedError } from '@shared/errors';
import type { ModelJson } from '../../engine/pipeline/model-json';
import { ModelRegistry } from './model-registry';
import { makeSchema } from './model-schema';

const root = mkdtempSync(join(tmpdir(), 'registry-schema-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `data-${n++}`);

const HOUSES = ['crime_rate', 'rooms', 'tax_rate', 'price'];
const DIAMONDS = ['carat', 'cut', 'color', 'clarity', 'price'];

/** A regression model.json as layout 1 wrote it: no schema, the columns only in the training profile. */
function oldModelJson(columns: string[], version: number, createdAt: string): ModelJson {
  const features = columns.filter((c) => c !== 'price').map((name) => ({ name, kind: 'numeric', onnxType: 'double' }));
  return {
    formatVersion: 1,
    appVersion: '0.1.0',
    modelId: 'price-regression',
    version,
    createdAt,
    task: 'regression',
    target: 'price',
    features,
    preprocessing: [],
    family: 'ridge',
    hyperparameters: {},
    metrics: { primary: 'rmse', test: { rmse: version } },
    trainingData: { rows: 10, columns: columns.length, profile: { columns: columns.map((name) => ({ name })) } },
    trainingSeconds: 1,
    onnx: { file: 'model.onnx', opsets: {}, inputs: [], outputs: [], missing: { numeric: 'NaN', string: '' } },
  } as unknown as ModelJson;
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e as CodedError).code,
  );

describe('registry ids belong to one dataset schema', () => {
  it('keeps two datasets that share a target name apart, and versions a retrain on the same columns', async () => {
    const reg = new ModelRegistry(fresh());
    const houses = makeSchema('regression', 'price', HOUSES);
    const diamonds = makeSchema('regression', 'price', DIAMONDS);
    const a = await reg.save({
      schema: houses,
      dataset: 'boston-housing.csv',
      onnx: new Uint8Array(4),
      modelJson: oldModelJson(HOUSES, 1, '2024-01-01T00:00:00Z'),
    });
    const b = await reg.save({
      schema: diamonds,
      dataset: 'diamonds.csv',
      onnx: new Uint8Array(4),
      modelJson: oldModelJson(DIAMONDS, 1, '2024-01-02T00:00:00Z'),
    });
    expect(a).toMatchObject({ modelId: 'price-regression', version: 1, newModel: true });
    expect(b).toMatchObject({ modelId: 'diamonds-price-regression', version: 1, newModel: true });
    // Column order does not make another schema; the same columns are a new version of the same model.
    const again = makeSchema('regression', 'price', [...HOUSES].reverse());
    expect((await reg.placement(again, 'boston-housing.csv')).matches.map((m) => m.modelId)).toEqual([
      'price-regression',
    ]);
    const c = await reg.save({
      schema: again,
      onnx: new Uint8Array(4),
      modelJson: oldModelJson(HOUSES, 2, '2024-01-03T00:00:00Z'),
    });
    expect(c).toMatchObject({ modelId: 'price-regression', version: 2, newModel: false });
    // Asked for explicitly, another dataset's model is refused with a message that says what differs.
    const wrong = reg.save({
      modelId: 'price-regression',
      schema: diamonds,
      onnx: new Uint8Array(4),
      modelJson: oldModelJson(DIAMONDS, 1, '2024-01-04T00:00:00Z'),
    });
    expect(await codeOf(wrong)).toBe('schema-mismatch');
    const list = await reg.list();
    expect(list.map((m) => [m.modelId, m.versions.length, m.schema?.columns.length])).toEqual([
      ['price-regression', 2, 4],
      ['diamonds-price-regression', 1, 5],
    ]);
    expect(list[0].input).toEqual({ kind: 'table', columns: ['crime_rate', 'rooms', 'tax_rate'] });
    expect(list[1].versions[0].dataset).toBe('diamonds.csv');
    // A new model of the houses' schema takes a free id.
    expect((await reg.placement(houses, 'boston-housing.csv')).newModelId).toBe('boston-housing-price-regression');
  });

  it('upgrades a registry written in the old layout without losing a file', async () => {
    const dataDir = fresh();
    const models = join(dataDir, 'models', 'price-regression');
    const written: Array<[string[], number]> = [
      [HOUSES, 1],
      [DIAMONDS, 2],
      [HOUSES, 3],
      [DIAMONDS, 4],
    ];
    for (const [columns, v] of written) {
      const dir = join(models, String(v));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'model.json'), JSON.stringify(oldModelJson(columns, v, `2024-01-0${v}T00:00:00Z`)));
      writeFileSync(join(dir, 'model.onnx'), Buffer.from(`onnx bytes of v${v}`));
      writeFileSync(join(dir, 'report.html'), `<p>v${v}</p>`);
    }
    // The diamonds model (v4) was the active one: predict by id scored houses with it.
    writeFileSync(join(models, 'active.json'), JSON.stringify({ version: 4 }));
    const before = join(root, `copy-${n++}`);
    cpSync(join(dataDir, 'models'), before, { recursive: true });

    const reg = new ModelRegistry(dataDir);
    const list = await reg.list();
    const byId = Object.fromEntries(list.map((m) => [m.modelId, m]));
    expect(Object.keys(byId).sort()).toEqual(['price-regression', 'price-regression-2']);
    expect(byId['price-regression'].versions.map((v) => v.version)).toEqual([1, 3]);
    expect(byId['price-regression'].activeVersion).toBe(3);
    expect(byId['price-regression-2'].versions.map((v) => [v.version, v.movedFrom])).toEqual([
      [1, { modelId: 'price-regression', version: 2 }],
      [2, { modelId: 'price-regression', version: 4 }],
    ]);
    // The active diamonds version stays the active one of its new model.
    expect(byId['price-regression-2'].activeVersion).toBe(2);
    expect(byId['price-regression-2'].schema?.columns).toEqual([...DIAMONDS].sort());
    // Every file is still there, byte for byte.
    const moved: Record<string, string> = { '1': '1', '2': '2-1', '3': '3', '4': '2-2' };
    for (const [v, where] of Object.entries(moved)) {
      const dir = where.includes('-')
        ? join(dataDir, 'models', 'price-regression-2', where.split('-')[1])
        : join(dataDir, 'models', 'price-regression', where);
      for (const file of ['model.onnx', 'report.html'])
        expect(readFileSync(join(dir, file))).toEqual(readFileSync(join(before, 'price-regression', v, file)));
      const mj = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
      const old = JSON.parse(readFileSync(join(before, 'price-regression', v, 'model.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(mj.trainingData).toEqual(old.trainingData);
      expect(mj.metrics).toEqual(old.metrics);
    }
    const resolved = await reg.resolve('price-regression-2');
    expect(readFileSync(resolved.onnxPath, 'utf8')).toBe('onnx bytes of v4');
    expect(resolved.modelJson).toMatchObject({ modelId: 'price-regression-2', version: 2 });
    const marker = JSON.parse(readFileSync(join(dataDir, 'models', 'registry.json'), 'utf8')) as { moves: unknown[] };
    expect(marker.moves).toHaveLength(2);

    // Opening again changes nothing; a retrain of the houses data is a version of the houses model.
    const again = new ModelRegistry(dataDir);
    expect(await again.list()).toEqual(list);
    const saved = await again.save({
      schema: makeSchema('regression', 'price', HOUSES),
      onnx: new Uint8Array(2),
      modelJson: oldModelJson(HOUSES, 9, '2024-02-01T00:00:00Z'),
    });
    expect(saved).toMatchObject({ modelId: 'price-regression', version: 4 });
    expect(readdirSync(join(dataDir, 'models')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('finishes an upgrade that stopped half way', async () => {
    const dataDir = fresh();
    const models = join(dataDir, 'models');
    for (const [columns, v] of [
      [HOUSES, 1],
      [DIAMONDS, 2],
      [DIAMONDS, 3],
    ] as Array<[string[], number]>) {
      const dir = join(models, 'price-regression', String(v));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'model.json'), JSON.stringify(oldModelJson(columns, v, `2024-01-0${v}T00:00:00Z`)));
      writeFileSync(join(dir, 'model.onnx'), Buffer.from(`v${v}`));
    }
    // As if the app stopped after moving v2 (and before registry.json): v3 still waits in the old model.
    await new ModelRegistry(dataDir).list();
    rmSync(join(models, 'registry.json'));
    const v3 = join(models, 'price-regression-2', '2');
    cpSync(v3, join(models, 'price-regression', '3'), { recursive: true });
    rmSync(v3, { recursive: true });
    const list = await new ModelRegistry(dataDir).list();
    expect(list.map((m) => [m.modelId, m.versions.length]).sort()).toEqual([
      ['price-regression', 1],
      ['price-regression-2', 2],
    ]);
    expect(existsSync(join(models, 'price-regression-3'))).toBe(false);
  });
});
