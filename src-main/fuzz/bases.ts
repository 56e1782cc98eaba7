import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { csvLine } from '../engine/util/csv-writer';
import { lit, openDb } from '../engine/util/duckdb';
import { linear } from '../engine/onnx/fixtures/pipelines';
import { makeTable } from '../engine/onnx/fixtures/synthetic-data';
import { pipelineToOnnx } from '../engine/onnx/pipeline-to-onnx';
import { buildModelJson } from '../engine/pipeline/model-json';
import type { Bases } from './cases';

const ROOT = resolve(__dirname, '../..');
const SAMPLES = join(ROOT, 'resources/samples');

/** The real files the cases mutate: bundled samples, a JSON and a Parquet made from one, pictures, a bundle. */
export async function buildBases(): Promise<Bases> {
  const csv: Record<string, string> = {};
  for (const name of ['penguins.csv', 'cps-wages-1985.csv', 'boston-housing.csv'])
    csv[name] = readFileSync(join(SAMPLES, name), 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'automl-fuzz-bases-'));
  const db = await openDb({ threads: 1 });
  try {
    const src = `read_csv(${lit(join(SAMPLES, 'penguins.csv'))})`;
    await db.exec(`COPY (SELECT * FROM ${src}) TO ${lit(join(dir, 'p.json'))} (FORMAT json, ARRAY true)`);
    await db.exec(`COPY (SELECT * FROM ${src}) TO ${lit(join(dir, 'p.parquet'))} (FORMAT parquet)`);
    const json = readFileSync(join(dir, 'p.json'), 'utf8');
    const parquet = readFileSync(join(dir, 'p.parquet'));
    const imageRoot = join(SAMPLES, 'images', 'fashion');
    const images = readdirSync(imageRoot)
      .slice(0, 3)
      .flatMap((cls) =>
        readdirSync(join(imageRoot, cls))
          .slice(0, 4)
          .map((f) => ({ name: `${cls}/${f}`, bytes: readFileSync(join(imageRoot, cls, f)) })),
      );
    return { csv, json, parquet, images, bundle: fixtureBundle(), predictInput: fixtureInput() };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function fixtureBundle(): Bases['bundle'] {
  const p = linear(makeTable(300, 1), 'binary', 'logistic');
  const modelJson = buildModelJson({
    appVersion: 'fuzz',
    task: 'classification',
    pipeline: p,
    family: 'logistic',
    trainingData: { rows: 300, columns: 7 },
    trainingSeconds: 1,
  });
  return { onnx: Buffer.from(pipelineToOnnx(p)), modelJson: JSON.stringify(modelJson) };
}

/** A table the fixture model scores: its columns as a person would have them in a CSV. */
function fixtureInput(): string {
  const t = makeTable(120, 5, true);
  const names = Object.keys(t.cols);
  const rows = Array.from({ length: t.n }, (_, i) =>
    names.map((n) => {
      const c = t.cols[n];
      const v = c[i];
      if (n === 'when') return Number.isNaN(v as number) ? '' : new Date(v as number).toISOString();
      if (n === 'flag') return Number.isNaN(v as number) ? '' : v ? 'yes' : 'no';
      return typeof v === 'number' ? (Number.isNaN(v) ? '' : v) : (v ?? '');
    }),
  );
  return [csvLine(names), ...rows.map((r) => csvLine(r))].join('\n') + '\n';
}
