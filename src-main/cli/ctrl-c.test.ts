import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProjectState } from '@shared/project';
import { ModelRegistry } from '../services/registry/model-registry';
import { churnModel, churnRows, profileOf, writeChurnCsv } from '../engine/monitor/fixtures/churn';

/** Ctrl-C as a terminal sends it: SIGINT to the whole process group (the CLI and its workers). */
const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/automl.js');
const HOUSING = join(ROOT, 'resources/samples/boston-housing.csv');
let dataDir: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('Build first: npm run build (npm test does it).');
  dataDir = mkdtempSync(join(tmpdir(), 'automl-ctrlc-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The CLI in its own process group, as a terminal runs it; `exited` resolves with its exit code. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, AUTOML_DATA_DIR: dataDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run = { child, stderr: '', ended: false, exited: new Promise<number | null>(() => undefined) };
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  run.exited = new Promise<number | null>((done) => child.on('exit', (c) => ((run.ended = true), done(c))));
  return run;
}

/** Presses Ctrl-C once `ready()` holds (checked every 25 ms) unless the command ended first; true when pressed. */
async function pressWhen(run: ReturnType<typeof startCli>, ready: () => boolean, tries: number): Promise<boolean> {
  for (let i = 0; i < tries && !run.ended; i++) {
    await new Promise((r) => setTimeout(r, 25));
    if (ready()) {
      process.kill(-run.child.pid!, 'SIGINT');
      return true;
    }
  }
  return false;
}

/** The workers went with it. */
async function expectGroupGone(pid: number) {
  for (let i = 0; i < 50 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  expect(groupAlive(pid)).toBe(false);
}

it('Ctrl-C during training stops cleanly: exit 130, the project saved as cancelled, no zip, no process left', async () => {
  const out = join(dataDir, 'never.zip');
  const child = spawn(
    process.execPath,
    [BIN, 'run', HOUSING, '--goal', 'predict the price', '--budget', '60', '--out', out, '--json'],
    { env: { ...process.env, AUTOML_DATA_DIR: dataDir }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let buffered = '';
  let pressed = false;
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    // Press once the first model finished: a worker is busy training the next one.
    if (!pressed && buffered.includes('"TRAIN_RUN_FINISHED"')) {
      pressed = true;
      process.kill(-child.pid!, 'SIGINT');
    }
  });
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  expect(pressed).toBe(true);
  expect(code).toBe(130);
  expect(stderr).toContain('Stopping');
  expect(stderr).toMatch(/automl: .*[Cc]ancelled.*The project is kept as it was/);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

  const [id] = readdirSync(join(dataDir, 'projects'));
  const state = JSON.parse(readFileSync(join(dataDir, 'projects', id, 'project.json'), 'utf8')) as ProjectState;
  expect(state.stages.TRAIN.status).toBe('failed');
  expect(state.stages.TRAIN.error?.code).toBe('cancelled');
  expect(state.stages.EXPORT.status).toBe('pending');
  // The workers went with it.
  for (let i = 0; i < 50 && groupAlive(child.pid!); i++) await new Promise((r) => setTimeout(r, 100));
  expect(groupAlive(child.pid!)).toBe(false);
}, 120_000);

it('Ctrl-C while `automl profile` imports a file: exit 130, its scratch copy removed, nothing half-written', async () => {
  // ~17 MB of rows: the import takes seconds, so the key lands while it copies or converts.
  const big = join(dataDir, 'big.csv');
  const lines = ['id,a,b,c,label'];
  for (let i = 0; i < 400_000; i++)
    lines.push(`${i},${(i * 7919) % 10007},${(i % 97) / 7},${i % 13},${i % 3 ? 'x' : 'y'}`);
  writeFileSync(big, lines.join('\n'));
  const run = startCli(['profile', big, '--json']);
  const scratch = join(dataDir, 'scratch');
  // Press once the import's scratch folder holds its copy in the making.
  const copying = () =>
    existsSync(scratch) &&
    readdirSync(scratch).some((d) => {
      const work = join(scratch, d, '.ingest-tmp', 'original');
      return existsSync(work) && readdirSync(work).length > 0;
    });
  const pressed = await pressWhen(run, copying, 400);
  const code = await run.exited;
  expect(pressed).toBe(true);
  expect(code).toBe(130);
  expect(run.stderr).toContain('Stopping');
  expect(existsSync(scratch) ? readdirSync(scratch) : []).toEqual([]);
  expect(readdirSync(dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  await expectGroupGone(run.child.pid!);
}, 120_000);

it('Ctrl-C during `automl retrain`: exit 130, no new version, the active one unchanged', async () => {
  // Retrain ignored Ctrl-C: it trained to the end (minutes) and registered the challenger.
  const dir = join(dataDir, 'retrain');
  mkdirSync(dir, { recursive: true });
  const train = writeChurnCsv(join(dir, 'train.csv'), churnRows(1500, 1));
  const { modelJson, onnx } = churnModel(await profileOf(train, dir, 'churned'), 0.7);
  await new ModelRegistry(dataDir).save({ modelId: 'churn', modelJson, onnx });
  const fresh = writeChurnCsv(join(dir, 'new.csv'), churnRows(3000, 7));
  const run = startCli(['retrain', 'churn', fresh, '--mode', 'replace', '--budget', '120']);
  // Press once the challenger's training rows are written: its training starts on them.
  const scratch = join(dataDir, 'scratch');
  const training = () =>
    existsSync(scratch) &&
    readdirSync(scratch).some((d) => d.startsWith('retrain-') && existsSync(join(scratch, d, 'train.parquet')));
  const pressed = await pressWhen(run, training, 4000);
  const code = await run.exited;
  expect(pressed).toBe(true);
  expect(code).toBe(130);
  expect(run.stderr).toContain('Stopping');
  const [model] = await new ModelRegistry(dataDir).list();
  expect(model.versions.map((v) => v.version)).toEqual([1]);
  expect(model.activeVersion).toBe(1);
  expect(existsSync(scratch) ? readdirSync(scratch) : []).toEqual([]);
  await expectGroupGone(run.child.pid!);
}, 180_000);
