import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodedError } from '@shared/errors';
import { buildModelJson } from '../pipeline/model-json';
import { openBundle, type BundleLimits } from './open-bundle';
import { tabularModelJson } from '../artifacts/model-json';

const root = mkdtempSync(join(tmpdir(), 'open-bundle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let k = 0;

const modelJson = JSON.stringify(
  buildModelJson({
    appVersion: '0.1.0',
    task: 'regression',
    family: 'linear',
    features: [{ name: 'x', kind: 'numeric', onnxType: 'double' }],
    target: 'y',
    trainingData: { rows: 1, columns: 1 },
    trainingSeconds: 0,
  }),
);

async function zipOf(
  files: Record<string, string | Uint8Array>,
  opts: Partial<Record<string, JSZip.JSZipFileOptions>> = {},
): Promise<string> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data, opts[name]);
  const path = join(root, `b${k++}.zip`);
  writeFileSync(path, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', platform: 'UNIX' }));
  return path;
}

async function failure(p: Promise<unknown>): Promise<CodedError> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as CodedError,
  );
}

describe('openBundle', () => {
  it('unpacks model.onnx and model.json, at the root or in one top folder', async () => {
    const dest = join(root, 'd1');
    const r = await openBundle(
      await zipOf({ 'model.onnx': new Uint8Array([1, 2]), 'model.json': modelJson, 'report.html': 'r' }),
      dest,
    );
    expect(r.onnxPath).toBe(join(dest, 'model.onnx'));
    expect(tabularModelJson(r.modelJson).features[0].name).toBe('x');
    const nested = await openBundle(
      await zipOf({ 'bundle/model.onnx': 'o', 'bundle/model.json': modelJson }),
      join(root, 'd2'),
    );
    expect(nested.dir).toBe(join(root, 'd2', 'bundle'));
  });

  it('accepts the model.json layouts of other tasks (e.g. an image classifier)', async () => {
    const image = JSON.stringify({
      format: 'automl-image-classifier',
      version: 1,
      task: 'image',
      labels: ['cat', 'dog'],
    });
    const r = await openBundle(await zipOf({ 'model.onnx': 'o', 'model.json': image }), join(root, 'img'));
    expect(r.modelJson.task).toBe('image');
  });

  it.each(['../evil.txt', 'a/../../evil.txt', '/etc/evil', 'C:/evil', 'a\\..\\evil'])(
    'refuses the entry %j and writes nothing',
    async (name) => {
      const dest = join(root, `evil${k++}`);
      const err = await failure(openBundle(await zipOf({ 'model.json': modelJson, [name]: 'x' }), dest));
      expect(err.code).toBe('zip-unsafe');
      expect(existsSync(dest) ? readdirSync(dest) : []).toEqual([]);
      expect(existsSync(join(root, 'evil.txt'))).toBe(false);
    },
  );

  it('refuses symbolic links', async () => {
    const path = await zipOf({ 'model.json': modelJson, link: '/etc/passwd' }, { link: { unixPermissions: 0o120777 } });
    expect((await failure(openBundle(path, join(root, 'sym')))).code).toBe('zip-unsafe');
  });

  it('stops a zip bomb at the size cap, and a zip with too many entries', async () => {
    const limits: BundleLimits = { maxZipBytes: 1e6, maxEntries: 10, maxFileBytes: 1e6, maxTotalBytes: 1.5e6 };
    const bomb = await zipOf({ 'model.json': modelJson, 'model.onnx': new Uint8Array(5e6) });
    const err = await failure(openBundle(bomb, join(root, 'bomb'), limits));
    expect(err.code).toBe('zip-unsafe');
    expect(err.message).toMatch(/model.onnx unpacks to more than 1 MB/);
    const many = await zipOf(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, 'x'])));
    expect((await failure(openBundle(many, join(root, 'many'), limits))).code).toBe('zip-unsafe');
  });

  it('explains a zip without a model, a broken model.json, or no zip at all', async () => {
    expect((await failure(openBundle(await zipOf({ 'notes.txt': 'x' }), join(root, 'e1')))).message).toMatch(
      /has no model.json/,
    );
    expect(
      (
        await failure(
          openBundle(
            await zipOf({ 'model.json': '{"formatVersion":1,"task":"regression"}', 'model.onnx': 'o' }),
            join(root, 'e2'),
          ),
        )
      ).message,
    ).toMatch(/not a valid model.json: appVersion/);
    expect(
      (await failure(openBundle(await zipOf({ 'model.json': '[1]', 'model.onnx': 'o' }), join(root, 'e2b')))).code,
    ).toBe('invalid-input');
    expect(
      (
        await failure(
          openBundle(
            await zipOf({
              'model.json': JSON.stringify({ ...JSON.parse(modelJson), formatVersion: 9 }),
              'model.onnx': 'o',
            }),
            join(root, 'e3'),
          ),
        )
      ).code,
    ).toBe('unsupported-format');
    const notZip = join(root, 'not.zip');
    writeFileSync(notZip, 'hello');
    expect((await failure(openBundle(notZip, join(root, 'e4')))).code).toBe('unsupported-format');
    expect((await failure(openBundle(join(root, 'nope.zip'), join(root, 'e5')))).code).toBe('file-not-found');
  });
});
