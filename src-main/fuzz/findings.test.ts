/**
 * One regression test per fuzz finding: each input is the smallest form of a case the fuzz suite once ended
 * in a crash, a hang, DuckDB/jszip/onnxruntime text or a raw errno. Each runs through the same jobs and the
 * same leak check (`LEAK`) as the fuzz cases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBases } from './bases';
import type { Bases, FuzzCase } from './cases';
import { runCase, type Outcome } from './run-case';

let bases: Bases;
let dir: string;
let n = 0;

beforeAll(async () => {
  bases = await buildBases();
  dir = mkdtempSync(join(tmpdir(), 'fuzz-findings-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ingest = (name: string, bytes: Buffer | string): Promise<Outcome> =>
  runCase({ id: name, recipe: [], name, bytes: Buffer.from(bytes), target: 'ingest' }, join(dir, String(n++)));

async function bundleZip(files: Record<string, Buffer | string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, bytes] of Object.entries(files)) zip.file(name, bytes);
  return Buffer.from(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

async function predict(files: Record<string, Buffer | string>, input = bases.predictInput): Promise<Outcome> {
  const c: FuzzCase = {
    id: 'predict',
    recipe: [],
    name: 'model.zip',
    bytes: await bundleZip(files),
    target: 'predict',
    predictInput: Buffer.from(input),
  };
  return runCase(c, join(dir, String(n++)));
}

const modelJson = (patch: Record<string, unknown>): string =>
  JSON.stringify({ ...(JSON.parse(bases.bundle.modelJson) as Record<string, unknown>), ...patch });

describe('fuzz findings: JSON', () => {
  const deep = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

  it('refuses JSON nested thousands of levels deep in words, before DuckDB (which hung 60 s on 1,000 and segfaulted on 100,000)', async () => {
    for (const [name, bytes] of [
      ['deep.json', deep(100_000)],
      ['deep.jsonl', `{"a": 1}\n{"b": ${deep(1_000)}}\n`],
      ['deep.json.gz', gzipSync(deep(5_000))],
    ] as const) {
      const o = await ingest(name, bytes);
      expect(o, name).toMatchObject({ status: 'coded', code: 'unsupported-format' });
      expect(o.message).toMatch(/nested more than 64 levels/);
    }
  });

  it('names a repeated field instead of passing the reader text', async () => {
    const o = await ingest('dup.json', '[{"a": 1, "b": 2}, {"a": 3, "b": 4, "b": 5}]');
    expect(o).toMatchObject({ status: 'coded', code: 'dataset-invalid' });
    expect(o.message).toMatch(/the field "b" more than once/);
  });

  it('names the JSON line or record that is broken', async () => {
    const o = await ingest('rows.jsonl', '{"a": 1}\n{"a": 2}\n{"a": nope}\n{"a": 4}\n');
    expect(o).toMatchObject({ status: 'coded', code: 'dataset-invalid' });
    expect(o.message).toMatch(/line 3 is not valid JSON/);
    expect(o.message).toMatch(/skip bad rows/);
    const first = await ingest('first.json', '[{"a": nope}, {"a": 2}]');
    expect(first.message).toMatch(/record 1 is not valid JSON/);
  });

  it('reads UTF-8 JSON that starts with a byte-order mark (DuckDB refuses the mark)', async () => {
    const o = await ingest('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bases.json)]));
    expect(o).toMatchObject({ status: 'ok', step: 'profile' });
  });

  it('gives the gzip message for a damaged gzipped JSON', async () => {
    const gz = gzipSync(bases.json);
    const o = await ingest('data.json.gz', gz.subarray(0, gz.length >> 1));
    expect(o).toMatchObject({ status: 'coded', code: 'dataset-invalid' });
  });
});

describe('fuzz findings: Parquet and wide tables', () => {
  it('refuses a Parquet file with a damaged footer in words', async () => {
    // The footer (schema, column names) sits just before the last 8 bytes.
    const pq = Buffer.from(bases.parquet);
    for (let i = pq.length - 300; i < pq.length - 8; i += 7) pq[i] = 0xff;
    const o = await ingest('data.parquet', pq);
    expect(o).toMatchObject({ status: 'coded', code: 'dataset-invalid' });
    expect(o.message).toMatch(/Parquet file could not be read/);
  });

  it('profiles a wide table (long-form path) holding 1e300 and inf (was "STDDEV_SAMP is out of range")', async () => {
    const cols = Array.from({ length: 300 }, (_, i) => `c${i}`);
    const rows = Array.from({ length: 12 }, (_, r) =>
      cols.map((_, i) => (i === 5 && r === 3 ? '1e300' : i === 6 && r === 2 ? 'inf' : String((r * 7 + i) % 10))),
    );
    const o = await ingest('wide.csv', [cols, ...rows].map((r) => r.join(',')).join('\n'));
    expect(o).toMatchObject({ status: 'ok', step: 'profile' });
  });
});

describe('fuzz findings: bundles', () => {
  it.each(['forecast', 'segment', 'anomaly'])(
    'refuses a model.json that says %s without its fitted parameters (was a raw ENOENT)',
    async (task) => {
      const o = await predict({ 'model.json': modelJson({ task }), 'model.onnx': bases.bundle.onnx });
      expect(o).toMatchObject({ status: 'coded', code: 'invalid-input' });
      expect(o.message).toMatch(new RegExp(`says it is an? ${task} model`));
    },
  );

  it('refuses an empty or truncated model.onnx without onnxruntime text', async () => {
    for (const onnx of [Buffer.alloc(0), bases.bundle.onnx.subarray(0, 40)]) {
      const o = await predict({ 'model.json': bases.bundle.modelJson, 'model.onnx': onnx });
      expect(o).toMatchObject({ status: 'coded' });
      expect(o.message).toMatch(/model\.onnx/);
    }
  });

  it('shows a cell holding a NUL byte without the raw control character', async () => {
    const lines = bases.predictInput.split('\n');
    const cells = lines[3].split(',');
    const at = lines[0].split(',').indexOf('x1');
    cells[at] = `12\u00003`;
    lines[3] = cells.join(',');
    const o = await predict(
      { 'model.json': bases.bundle.modelJson, 'model.onnx': bases.bundle.onnx },
      lines.join('\n'),
    );
    expect(o).toMatchObject({ status: 'coded', code: 'column-type' });
    expect(o.message).toContain('"12\uFFFD3"');
  });

  it('reports a table to score that cannot be parsed without DuckDB text, and lists columns briefly', async () => {
    const broken = await predict(
      { 'model.json': bases.bundle.modelJson, 'model.onnx': bases.bundle.onnx },
      `x1,"x 2\n1,"2\n`,
    );
    expect(broken.status).toBe('coded');
    const wide = Array.from({ length: 500 }, (_, i) => `c${i}`).join(',');
    const o = await predict(
      { 'model.json': bases.bundle.modelJson, 'model.onnx': bases.bundle.onnx },
      `${wide}\n${wide.replace(/c\d+/g, '1')}\n`,
    );
    expect(o).toMatchObject({ status: 'coded', code: 'column-missing' });
    expect(o.message).toMatch(/not in new\.csv\. Columns found: c0, c1, .*c11 and 488 more\.$/);
  });

  it('lists a column name holding a NUL byte without the raw control character (20261208:849)', async () => {
    const lines = bases.predictInput.split('\n');
    lines[0] = lines[0].replace('city', 'ci\u0000ty');
    const o = await predict(
      { 'model.json': bases.bundle.modelJson, 'model.onnx': bases.bundle.onnx },
      lines.join('\n'),
    );
    expect(o).toMatchObject({ status: 'coded', code: 'column-missing' });
    expect(o.message).toContain('ci\uFFFDty');
  });
});
