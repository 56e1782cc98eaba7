import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { fixturePipelines } from '../../engine/onnx/fixtures/pipelines';
import { makeTable } from '../../engine/onnx/fixtures/synthetic-data';
import { buildModelJson, type ModelJson } from '../../engine/pipeline/model-json';
import { tabularModelJson, type BundleModelJson } from '../../engine/artifacts/model-json';
import type { FittedPipeline } from '../../engine/pipeline/types';
import { scoreFile } from '../../engine/predict/score-file';
import { assertModelId, ModelRegistry } from './model-registry';

const root = mkdtempSync(join(tmpdir(), 'registry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `data-${n++}`);
const train = makeTable(300, 1);

function modelJsonOf(p: FittedPipeline, family: string, rmse: number): ModelJson {
  return buildModelJson({
    appVersion: '0.1.0',
    task: 'regression',
    pipeline: p,
    family,
    metrics: { primary: 'rmse', validation: { rmse: rmse + 0.1 }, test: { rmse } },
    trainingData: { rows: 300, columns: 8 },
    trainingSeconds: 2,
  });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e: unknown) => (e as CodedError).code,
  );
}

describe('ModelRegistry', () => {
  it('round-trips: save -> list -> predict by id -> new version -> rollback -> delete', async () => {
    const reg = new ModelRegistry(fresh());
    const ps = fixturePipelines(train, 'regression');
    const v1 = await reg.save({
      modelId: 'house-price',
      onnx: pipelineToOnnx(ps.ridge),
      modelJson: modelJsonOf(ps.ridge, 'ridge', 1.5),
      extraFiles: { 'report.html': '<p>hi</p>' },
    });
    expect(v1.version).toBe(1);
    expect(readdirSync(v1.dir).sort()).toEqual(['model.json', 'model.onnx', 'report.html', 'summary.json']);
    const listed = await reg.list();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      modelId: 'house-price',
      activeVersion: 1,
      versions: [{ version: 1, task: 'regression', target: 'y', metric: 'rmse', score: 1.5 }],
    });

    const input = join(root, 'in.csv');
    writeFileSync(input, 'x1,x 2,flag,color,city,when,note\n1.5,100000,1,red,Oslo,2020-01-01,good\n,,,,,,\n');
    const predictActive = async () => {
      const r = await reg.resolve('house-price');
      const out = join(root, `out-${n++}.csv`);
      await scoreFile({
        onnxPath: r.onnxPath,
        modelJson: tabularModelJson(r.modelJson),
        inputPath: input,
        outputPath: out,
      });
      return { version: r.version, text: readFileSync(out, 'utf8') };
    };
    const first = await predictActive();
    expect(first.version).toBe(1);

    const v2 = await reg.save({
      modelId: 'house-price',
      onnx: pipelineToOnnx(ps.gradient_boosting),
      modelJson: modelJsonOf(ps.gradient_boosting, 'gradient_boosting', 1.2),
    });
    expect(v2.version).toBe(2);
    const second = await predictActive();
    expect(second.version).toBe(2);
    expect(second.text).not.toBe(first.text);
    expect(
      (await reg.show('house-price')).details.map((d) => [
        d.version,
        tabularModelJson(d.modelJson).family,
        tabularModelJson(d.modelJson).version,
      ]),
    ).toEqual([
      [1, 'ridge', 1],
      [2, 'gradient_boosting', 2],
    ]);

    expect((await reg.activate('house-price', 1)).activeVersion).toBe(1);
    expect(await predictActive()).toEqual(first);
    expect(await codeOf(reg.activate('house-price', 7))).toBe('model-not-found');

    await reg.delete('house-price', 1);
    expect((await reg.list())[0]).toMatchObject({ activeVersion: 2, versions: [{ version: 2 }] });
    await reg.delete('house-price');
    expect(await reg.list()).toEqual([]);
    expect(await codeOf(reg.resolve('house-price'))).toBe('model-not-found');
  });

  it('refuses ids that could escape the models folder', async () => {
    for (const bad of ['../x', 'a/b', 'a\\b', '', '.hidden', 'Upper', 'con', 'x'.repeat(65), '..', 'a.']) {
      expect(() => assertModelId(bad), bad).toThrow(CodedError);
    }
    const dataDir = fresh();
    const reg = new ModelRegistry(dataDir);
    const p = fixturePipelines(train, 'regression').linear;
    expect(
      await codeOf(
        reg.save({ modelId: '../../evil', onnx: pipelineToOnnx(p), modelJson: modelJsonOf(p, 'linear', 1) }),
      ),
    ).toBe('invalid-id');
    expect(await codeOf(reg.resolve('../models'))).toBe('invalid-id');
    expect(
      await codeOf(
        reg.save({
          modelId: 'ok',
          onnx: new Uint8Array(1),
          modelJson: modelJsonOf(p, 'linear', 1),
          extraFiles: { '../x': 'y' },
        }),
      ),
    ).toBe('invalid-input');
    expect(existsSync(join(dataDir, 'evil'))).toBe(false);
  });

  it('enforces count and size limits with limit-exceeded', async () => {
    const reg = new ModelRegistry(fresh(), { maxModels: 2, maxVersionsPerModel: 2, maxVersionBytes: 1000 });
    const p = fixturePipelines(train, 'regression').linear;
    const mj = modelJsonOf(p, 'linear', 1);
    const small = new Uint8Array(10);
    await reg.save({ modelId: 'a', onnx: small, modelJson: mj });
    await reg.save({ modelId: 'b', onnx: small, modelJson: mj });
    await reg.save({ modelId: 'a', onnx: small, modelJson: mj });
    const err = (await reg.save({ modelId: 'c', onnx: small, modelJson: mj }).then(
      () => null,
      (e: unknown) => e,
    )) as CodedError;
    expect(err.code).toBe('limit-exceeded');
    expect(err.message).toMatch(/already holds 2 models/);
    expect(await codeOf(reg.save({ modelId: 'a', onnx: small, modelJson: mj }))).toBe('limit-exceeded');
    expect(await codeOf(reg.save({ modelId: 'b', onnx: new Uint8Array(2000), modelJson: mj }))).toBe('limit-exceeded');
  });

  it('keeps models of other tasks whose model.json has its own layout', async () => {
    const reg = new ModelRegistry(fresh());
    const image = {
      format: 'automl-image-classifier',
      version: 1,
      task: 'image',
      labels: ['cat', 'dog'],
      metrics: { validation: { accuracy: 0.9 } },
    };
    const t0 = Date.now();
    await reg.save({ modelId: 'pets', onnx: new Uint8Array(3), modelJson: image as unknown as BundleModelJson });
    const [m] = await reg.list();
    expect(m).toMatchObject({
      modelId: 'pets',
      activeVersion: 1,
      versions: [{ version: 1, task: 'image', target: null, metric: 'accuracy', score: 0.9 }],
    });
    expect(m.versions[0].createdAt).toBeGreaterThanOrEqual(t0 - 1000);
    expect((await reg.resolve('pets')).modelJson).toMatchObject({
      labels: ['cat', 'dog'],
      modelId: 'pets',
      version: 1,
    });
    // A version saved before summary.json existed is summarised from model.json.
    rmSync(join((await reg.resolve('pets')).dir, 'summary.json'));
    expect(await reg.list()).toEqual([m]);
  });

  it('gives concurrent saves distinct versions', async () => {
    const reg = new ModelRegistry(fresh());
    const p = fixturePipelines(train, 'regression').linear;
    const mj = modelJsonOf(p, 'linear', 1);
    const saved = await Promise.all(
      Array.from({ length: 6 }, () => reg.save({ modelId: 'race', onnx: new Uint8Array(5), modelJson: mj })),
    );
    expect(saved.map((s) => s.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const model = (await reg.show('race')).details;
    expect(model.map((d) => tabularModelJson(d.modelJson).version)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a prepared version is invisible until committed, and an aborted or abandoned one leaves nothing', async () => {
    const dataDir = fresh();
    const reg = new ModelRegistry(dataDir);
    const ps = fixturePipelines(train, 'regression');
    const args = { modelId: 'house', onnx: pipelineToOnnx(ps.ridge), modelJson: modelJsonOf(ps.ridge, 'ridge', 1) };
    const first = await reg.prepare(args);
    const second = await reg.prepare(args);
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await reg.list()).toEqual([]);
    expect(await codeOf(reg.resolve('house'))).toBe('model-not-found');
    await second.commit();
    await first.abort();
    const listed = await reg.list();
    expect(listed.map((m) => [m.modelId, m.versions.map((v) => v.version), m.activeVersion])).toEqual([
      ['house', [2], 2],
    ]);
    // model-info.json records the data the model belongs to (written when its first version is published).
    expect(readdirSync(join(dataDir, 'models', 'house')).sort()).toEqual(['2', 'active.json', 'model-info.json']);

    // A process killed half-way through an export leaves a claim; the next save sweeps it.
    const dead = join(dataDir, 'models', 'house', '.claim-3');
    mkdirSync(dead);
    writeFileSync(join(dead, '.owner'), JSON.stringify({ pid: 2 ** 22 + 4321 }));
    writeFileSync(join(dead, 'model.onnx'), 'half');
    const third = await reg.save(args);
    expect(third.version).toBe(3);
    expect(readdirSync(join(dataDir, 'models', 'house')).sort()).toEqual(['2', '3', 'active.json', 'model-info.json']);
    expect(readdirSync(third.dir).sort()).toEqual(['model.json', 'model.onnx', 'summary.json']);
  });
});
