/**
 * Training at scale (issue 17.5): a generated table of N rows × 20 columns (16 numbers with missing values, two
 * categoricals, a yes/no flag, a class target) goes through the app's own path: ingestFile to Parquet, profile,
 * default plan and models, trainTabular. On a huge table the search runs on a sample and the chosen models are
 * refitted on all training rows (engine/tabular/search-sample.ts); the leaderboard says which. Prints the
 * leaderboard, the phases' times and this process's peak RSS. Measure the peak of the whole run from outside too:
 *
 *   /usr/bin/time -f %M npx tsx --tsconfig tsconfig.node.json bench/train-scale/index.ts 10000000 --budget 1200
 *     [--models random_forest,gradient_boosting] [--fresh]
 *
 * The table is seeded; its ingested Parquet and profile are kept in bench/.data/train-scale-N (git-ignored) and
 * reused by the next run of the same N (generating and ingesting 10M rows takes many minutes), unless --fresh.
 * `--models` trains only the listed families of the default set (e.g. to see one family's refit on all rows).
 * Training artifacts go under /tmp/automl-train-scale-<pid> and are deleted at the end (also on failure).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lit, openDb } from '../../src-main/engine/util/duckdb';
import { ingestFile } from '../../src-main/engine/ingest/ingest-file';
import { profileDataset } from '../../src-main/engine/profile/profile-dataset';
import { candidateModels, defaultPlan } from '../../src-main/engine/tabular/plan';
import { trainTabular } from '../../src-main/engine/tabular/train';
import type { TrainingEvent } from '../../src-shared/events';
import type { DataProfile } from '../../src-shared/project';
import { numberArg, sizesArg } from '../lib/timing';

const DIR = `/tmp/automl-train-scale-${process.pid}`;
const KEEP = join(__dirname, '..', '.data');

async function generate(path: string, rows: number): Promise<void> {
  const db = await openDb();
  const nums = Array.from({ length: 16 }, (_, j) => {
    const v = `round(sqrt(-2 * ln(random() + 1e-12)) * cos(2 * pi() * random()) * ${j + 1}, 3)`;
    return `CASE WHEN (i + ${j}) % ${97 + j} = 0 THEN NULL ELSE ${v} END AS x${j + 1}`;
  });
  try {
    await db.exec('SELECT setseed(0.23) FROM range(1)');
    await db.exec(`COPY (
      SELECT *,
        CASE WHEN x1 * 0.8 - x2 * 0.3 + coalesce(x3, 0) * x4 * 0.05 + (CASE WHEN region = 'north' THEN 1.5 ELSE 0 END)
          + (seg % 7) * 0.2 + (random() - 0.5) * 3 > 0.5 THEN 'yes' ELSE 'no' END AS churned
      FROM (
        SELECT ${nums.join(', ')},
          ['north', 'south', 'east', 'west', 'centre'][1 + (i % 5)] AS region,
          (i * 7919) % 40 AS seg,
          CASE WHEN i % 3 = 0 THEN 'yes' ELSE 'no' END AS promo
        FROM range(${rows}) t(i)
      )
    ) TO ${lit(path)} (HEADER, DELIMITER ',')`);
  } finally {
    db.close();
  }
}

/** Prints each new training step (its message) with the seconds since `t0` and the peak RSS so far. */
function logSteps(t0: number): (e: TrainingEvent) => void {
  let last = '';
  return (e) => {
    if (e.type !== 'TRAIN_PROGRESS' || e.payload.message === last) return;
    last = e.payload.message;
    console.log(JSON.stringify({ at: secs(t0), step: last, maxRssMb: mb() }));
  };
}

const mb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const secs = (t: number): number => Math.round((performance.now() - t) / 100) / 10;

async function main(): Promise<void> {
  const [rows] = sizesArg([1_000_000]);
  const budget = numberArg('budget', 300);
  const only = modelsArg();
  const signal = new AbortController().signal;
  mkdirSync(DIR, { recursive: true });
  try {
    const { dataPath, profile } = await prepare(rows, signal);
    const intent = { task: 'classification' as const, target: 'churned' };
    const plan = defaultPlan(profile, intent);
    const models = candidateModels('classification', profile)
      .candidates.filter((c) => c.selected && (!only || only.includes(c.family)))
      .map((c) => c.family);
    if (!models.length) throw new Error(`none of --models ${only?.join(',')} is in the default set`);
    console.log(JSON.stringify({ step: 'models', models }));
    const t = performance.now();
    const result = await trainTabular(
      {
        dataPath,
        task: 'classification',
        target: 'churned',
        plan,
        models,
        budgetSeconds: budget,
        artifactDir: join(DIR, 'artifacts'),
      },
      { signal, emit: logSteps(t) },
    );
    const s = result.summary;
    console.log(
      JSON.stringify({
        step: 'train',
        budget,
        s: secs(t),
        best: s.bestModelId,
        validation: plan.validation.kind,
        leaderboard: s.leaderboard.map((r) => ({
          id: r.modelId,
          status: r.status,
          accuracy: r.metrics.accuracy,
          testAccuracy: r.testMetrics?.accuracy,
          fitSeconds: r.fitSeconds,
          searchRows: r.params.search_rows,
          refitAllRows: r.params.refit_all_rows ?? false,
        })),
        maxRssMb: mb(),
      }),
    );
  } finally {
    rmSync(DIR, { recursive: true, force: true });
  }
}

/** The ingested Parquet and profile of the seeded N-row table: kept from an earlier run, or made now (and kept). */
async function prepare(rows: number, signal: AbortSignal): Promise<{ dataPath: string; profile: DataProfile }> {
  const keep = join(KEEP, `train-scale-${rows}`);
  const saved = join(keep, 'prepared.json');
  if (process.argv.includes('--fresh')) rmSync(keep, { recursive: true, force: true });
  if (existsSync(saved)) {
    const prepared = JSON.parse(readFileSync(saved, 'utf8')) as { dataPath: string; profile: DataProfile };
    console.log(JSON.stringify({ step: 'reuse', dataPath: prepared.dataPath }));
    return prepared;
  }
  rmSync(keep, { recursive: true, force: true });
  mkdirSync(keep, { recursive: true });
  let t = performance.now();
  const csv = join(DIR, 'data.csv');
  await generate(csv, rows);
  console.log(JSON.stringify({ step: 'generate', rows, mb: Math.round(statSync(csv).size / 1e6), s: secs(t) }));
  t = performance.now();
  const info = await ingestFile(csv, join(keep, 'dataset'));
  rmSync(csv);
  console.log(JSON.stringify({ step: 'ingest', rows: info.rows, s: secs(t), maxRssMb: mb() }));
  t = performance.now();
  const profile = await profileDataset(info.path, { target: 'churned' }, { signal, emit: () => {} });
  console.log(JSON.stringify({ step: 'profile', s: secs(t), maxRssMb: mb() }));
  writeFileSync(saved, JSON.stringify({ dataPath: info.path, profile }));
  return { dataPath: info.path, profile };
}

/** `--models a,b`: the families to train (of the default set), or null for all of it. */
function modelsArg(): string[] | null {
  const i = process.argv.indexOf('--models');
  return i >= 0 ? process.argv[i + 1].split(',') : null;
}

main().catch((err) => {
  console.error(err);
  rmSync(DIR, { recursive: true, force: true });
  process.exit(1);
});
