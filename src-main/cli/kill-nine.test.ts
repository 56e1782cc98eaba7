/**
 * kill -9 at points of a real run (issue 19): `automl run` (conductor + trainer worker, as the host runs
 * them) is killed while it ingests, trains or exports; then the project is reopened. Nothing keeps writing,
 * project.json and the registry are whole (no version without its files, no half-written bundle), every
 * stage is done or failed with a Retry-able message, and a retry carries the project to the end. A trainer
 * killed on its own fails its stage in words and the host goes on.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectState } from '@shared/project';
import { STAGES, type StageId } from '@shared/stages';
import { seededRandom } from '../engine/util/rng';
import { Conductor } from '../services/conductor/conductor';
import { currentStage } from '../services/conductor/stage-machine';
import { ModelRegistry } from '../services/registry/model-registry';
import { ProjectStore } from '../services/store/project-store';
import { WorkerClient } from '../workers/client';
import { forkSpawner } from '../workers/fork-spawner';
import { memorySpawner } from '../workers/memory-spawner';
import { trainerHandlers } from '../workers/trainer-handlers';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/automl.js');
const TRAINER = join(ROOT, 'out/main/trainer.js');
const HOUSING = join(ROOT, 'resources/samples/boston-housing.csv');
const rng = seededRandom(19_009);

let dataDir: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('Build first: npm run build (npm test does it).');
});
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'automl-kill9-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pids of live processes whose environment holds `mark` (the CLI and every worker it started). */
function marked(mark: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, 'latin1').includes(mark)) {
        const state = readFileSync(`/proc/${d}/stat`, 'latin1').split(') ')[1]?.[0];
        if (state !== 'Z') out.push(Number(d));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** Every file under `dir` with its size and modification time, to see whether anything still writes. */
function snapshot(dir: string): string {
  const lines: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = statSync(p, { throwIfNoEntry: false });
        if (s) lines.push(`${p} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return lines.sort().join('\n');
}

function projectState(): ProjectState | null {
  const root = join(dataDir, 'projects');
  const id = existsSync(root) ? readdirSync(root)[0] : undefined;
  if (!id) return null;
  try {
    return JSON.parse(readFileSync(join(root, id, 'project.json'), 'utf8')) as ProjectState;
  } catch {
    return null; // Being replaced (atomic rename): read again.
  }
}

/**
 * Runs `automl run` on the housing sample and kill -9s it `delayMs` after `stage` (or a later one) is seen
 * running. Returns the stage that was running when it was killed (null: the run ended first).
 */
async function runAndKill(stage: StageId, delayMs: number, out: string): Promise<StageId | null> {
  const mark = `AUTOML_KILL9_${randomUUID()}`;
  const child = spawn(
    process.execPath,
    [BIN, 'run', HOUSING, '--target', 'price', '--task', 'regression', '--budget', '3', '--out', out],
    { env: { ...process.env, AUTOML_DATA_DIR: dataDir, [mark]: '1' }, stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let ended = false;
  void exited.then(() => (ended = true));
  const from = STAGES.indexOf(stage);
  let killedAt: StageId | null = null;
  while (!ended) {
    const s = projectState();
    const running = s ? STAGES.find((st) => s.stages[st].status === 'running') : undefined;
    if (running && STAGES.indexOf(running) >= from) {
      await sleep(delayMs);
      const now = projectState();
      killedAt = (now && STAGES.find((st) => now.stages[st].status === 'running')) ?? running;
      child.kill('SIGKILL');
      break;
    }
    await sleep(15);
  }
  await exited;
  // No orphan: every worker of the killed process is gone within seconds…
  const deadline = Date.now() + 10_000;
  while (marked(mark).length && Date.now() < deadline) await sleep(100);
  expect(marked(mark)).toEqual([]);
  // …and nothing writes into the data folder any more.
  const before = snapshot(dataDir);
  await sleep(1000);
  expect(snapshot(dataDir)).toBe(before);
  return killedAt;
}

const reopen = () =>
  new Conductor({
    store: new ProjectStore(dataDir),
    jobs: new WorkerClient(memorySpawner(trainerHandlers)),
    emit: () => undefined,
    dataDir,
    appVersion: 'test',
  });

/** The reopened project: no stage left running; a failed one says it was interrupted and can be retried. */
async function checkReopened(conductor: Conductor): Promise<ProjectState> {
  const [summary] = await new ProjectStore(dataDir).list();
  const s = await conductor.get(summary.id);
  for (const st of STAGES) {
    const stage = s.stages[st];
    expect(stage.status, st).not.toBe('running');
    if (stage.status === 'failed') {
      expect(stage.error?.code, st).toBe('worker-crashed');
      expect(stage.error?.message, st).toMatch(/was interrupted when the app closed\. Run it again\./);
    }
  }
  if (s.stages.PROFILE_DATA.status === 'done') expect(s.profile?.rows).toBe(506);
  if (s.stages.TRAIN.status === 'done') expect(s.training?.leaderboard.length).toBeGreaterThan(0);
  return s;
}

/** Every registered version has its model files; a bundle at `out` is a whole zip or is not there at all. */
async function checkRegistryAndBundle(out: string): Promise<number> {
  const registry = new ModelRegistry(dataDir);
  let versions = 0;
  for (const m of await registry.list()) {
    for (const v of (await registry.show(m.modelId)).details) {
      const r = await registry.resolve(m.modelId, v.version);
      expect(statSync(join(r.dir, 'model.onnx')).size).toBeGreaterThan(0);
      expect(r.modelJson.version).toBe(v.version);
      versions++;
    }
  }
  // Nothing half-written is left beside the bundle in the person's folder.
  if (existsSync(dirname(out))) expect(readdirSync(dirname(out)).filter((f) => f !== basename(out))).toEqual([]);
  if (existsSync(out)) {
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(zip.file('model.json')).not.toBeNull();
    expect(zip.file('model.onnx')).not.toBeNull();
  }
  return versions;
}

/**
 * Retries the failed stage and confirms every gate, like the CLI, to the end (export included). An import
 * that was interrupted asks for the file again (the app shows the data step), so it is given again.
 */
async function resume(conductor: Conductor, s: ProjectState, out: string): Promise<ProjectState> {
  const failed = STAGES.find((st) => s.stages[st].status === 'failed');
  if (failed) await conductor.confirm(s.id, failed);
  let attached = false;
  for (;;) {
    s = await conductor.whenIdle(s.id);
    const stage = currentStage(s.stages);
    if (!stage || STAGES.some((st) => s.stages[st].status === 'failed')) break;
    if (stage === 'DATA_SOURCE' && s.stages[stage].status === 'pending' && !attached) {
      attached = true;
      await conductor.attachData(s.id, { kind: 'path', path: HOUSING });
    } else if (s.stages[stage].status === 'waiting_confirmation') await conductor.confirm(s.id, stage);
    else if (stage === 'EXPORT') await conductor.exportZip(s.id, out);
    else break;
  }
  return conductor.get(s.id);
}

describe('kill -9 of the command line mid-run, then reopen', () => {
  it.each([
    ['DATA_SOURCE', 0, 150],
    ['TRAIN', 300, 1500],
    ['EXPORT', 0, 300],
  ] as const)(
    'killed while %s runs: nothing orphaned or half-written; the project resumes',
    async (stage, lo, hi) => {
      const out = join(dataDir, 'out', 'model.zip');
      const killedAt = await runAndKill(stage, lo + Math.floor(rng() * (hi - lo)), out);
      // Killed mid-run (a stage was running), not after the run ended.
      expect(killedAt).not.toBeNull();
      const conductor = reopen();
      const s = await checkReopened(conductor);
      const before = await checkRegistryAndBundle(out);
      if (killedAt) expect(s.stages[killedAt].status).toBe('failed');
      const done = await resume(conductor, s, out);
      for (const st of STAGES) expect([st, done.stages[st].status]).toEqual([st, 'done']);
      // The resumed export registered exactly one more complete version and wrote a whole bundle.
      expect(await checkRegistryAndBundle(out)).toBe(before + (s.stages.EXPORT.status === 'done' ? 0 : 1));
      expect(existsSync(out)).toBe(true);
    },
    240_000,
  );
});

describe('kill -9 of the trainer alone', () => {
  it('fails the running stage in words, leaves no orphan, and a retry finishes', async () => {
    const mark = `AUTOML_KILL9_${randomUUID()}`;
    const conductor = new Conductor({
      store: new ProjectStore(dataDir),
      jobs: new WorkerClient(forkSpawner(TRAINER, { env: { ...process.env, [mark]: '1' } })),
      emit: () => undefined,
      dataDir,
      appVersion: 'test',
    });
    let s = await conductor.create('Housing', 'predict the price', {
      models: ['random_forest'],
      budgetSeconds: 4,
    });
    await conductor.attachData(s.id, { kind: 'sample', id: 'boston-housing' });
    for (;;) {
      s = await conductor.whenIdle(s.id);
      const stage = currentStage(s.stages);
      if (stage === 'TRAIN' || !stage || s.stages[stage].status !== 'waiting_confirmation') break;
      await conductor.confirm(s.id, stage);
      if (stage === 'MODEL_SELECT') break;
    }
    // Training runs in a worker: kill it once it has started.
    let victims: number[] = [];
    const deadline = Date.now() + 60_000;
    while (!victims.length && Date.now() < deadline) {
      const st = (await conductor.get(s.id)).stages.TRAIN.status;
      if (st === 'running') victims = marked(mark);
      await sleep(50);
    }
    expect(victims.length).toBeGreaterThan(0);
    await sleep(300);
    for (const pid of victims) process.kill(pid, 'SIGKILL');
    s = await conductor.whenIdle(s.id);
    expect(s.stages.TRAIN.status).toBe('failed');
    expect(s.stages.TRAIN.error?.message).toMatch(/training/i);
    expect(s.stages.TRAIN.error?.message).not.toMatch(/SIGKILL|exit code|signal/i);
    expect(marked(mark).filter((p) => victims.includes(p))).toEqual([]);
    const done = await resume(conductor, s, join(dataDir, 'out', 'model.zip'));
    for (const st of STAGES) expect([st, done.stages[st].status]).toEqual([st, 'done']);
    expect(await checkRegistryAndBundle(join(dataDir, 'out', 'model.zip'))).toBe(1);
  }, 240_000);
});
