/**
 * Soak (issue 19): N runs through ONE Node host, over its bridge as the page drives it: create a project,
 * attach the housing sample, confirm every step (ridge + a forest, 5 s budget), export, predict with the
 * registered model, then delete the project and the model. Every 10 runs it prints the host's RSS and heap, its
 * open file descriptors, its live child processes (workers), temp entries (in a temp folder of its own, given to the
 * host and workers as TMPDIR), prediction-log entries (data/monitor/: emptied when the soak deletes each model) and
 * other entries in the data folder outside projects/, models/ and exports/, and at the end the change from run 10
 * (after warm-up).
 * Flat means no leak.
 *   npm run build && nice -n 15 npx tsx --tsconfig tsconfig.node.json bench/soak/index.ts [runs=100]
 * (a long robustness run: its limits are CPU time, so it takes no bench lock).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type WebSocket from 'ws';
import type { ExportInfo, ProjectState } from '../../src-shared/project';
import { STAGES } from '../../src-shared/stages';
import { call, connect, startTestHost } from '../../src-main/hosts/node/host-fixture';
import { WorkerClient } from '../../src-main/workers/client';
import { forkSpawner } from '../../src-main/workers/fork-spawner';
import { currentStage } from '../../src-main/services/conductor/stage-machine';

const TRAINER = resolve(__dirname, '../../out/main/trainer.js');
const runs = Number(process.argv[2] ?? 100);
/**
 * The host's and its workers' own temp folder (they inherit TMPDIR), so every entry in it is theirs: in the shared
 * /tmp other programs' test folders could not be told apart.
 */
const privateTmp = mkdtempSync(join(tmpdir(), 'soak-tmp-'));
process.env.TMPDIR = privateTmp;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function invoke<T>(ws: WebSocket, channel: string, req: unknown): Promise<T> {
  const a = await call<T>(ws, channel, req);
  if (!a.ok) throw new Error(`${channel}: ${a.error?.code} ${a.error?.message}`);
  return a.value as T;
}

/** Children of this process (the workers), with their RSS in MB. */
function children(): Array<{ pid: number; rssMb: number }> {
  const out: Array<{ pid: number; rssMb: number }> = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === process.pid) out.push({ pid: Number(d), rssMb: (Number(f[21]) * 4096) / 2 ** 20 });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

function countEntries(dir: string, skip: string[] = []): number {
  let n = 0;
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (skip.includes(e.name) && d === dir) continue;
      n++;
      if (e.isDirectory()) walk(join(d, e.name));
    }
  };
  walk(dir);
  return n;
}

interface Sample {
  run: number;
  rssMb: number;
  heapMb: number;
  fds: number;
  workers: number;
  workerRssMb: number;
  /** Entries in the private temp folder besides the host's own data folder. */
  tmpAutoml: number;
  monitor: number;
  dataOther: number;
  exports: number;
  secondsPerRun: number;
}

async function oneRun(ws: WebSocket, i: number): Promise<void> {
  let s = await invoke<ProjectState>(ws, 'project:create', { name: `soak ${i}`, goal: 'predict the price' });
  const id = s.id;
  s = await invoke<ProjectState>(ws, 'data:attach', {
    projectId: id,
    source: { kind: 'sample', id: 'boston-housing' },
  });
  let picked = false;
  let exported: ExportInfo | null = null;
  for (let guard = 0; guard < 5000; guard++) {
    s = await invoke<ProjectState>(ws, 'project:get', { projectId: id });
    const failed = STAGES.find((st) => s.stages[st].status === 'failed');
    if (failed) throw new Error(`run ${i}: ${failed} failed: ${s.stages[failed].error?.message}`);
    const stage = currentStage(s.stages);
    if (!stage) break;
    const status = s.stages[stage].status;
    if (stage === 'EXPORT' && status !== 'running') {
      exported = await invoke<ExportInfo>(ws, 'export:run', { projectId: id });
      continue;
    }
    if (status === 'waiting_confirmation') {
      const edits =
        stage === 'MODEL_SELECT' && !picked ? { models: ['ridge', 'random_forest'], budgetSeconds: 5 } : undefined;
      if (edits) picked = true;
      await invoke(ws, 'stage:confirm', { projectId: id, stage, ...(edits ? { edits } : {}) });
      continue;
    }
    await sleep(100);
  }
  if (!exported?.modelId) throw new Error(`run ${i}: no model was exported`);
  const pred = await invoke<{ rows: number; outputPath: string }>(ws, 'predict:run', {
    source: { kind: 'model', modelId: exported.modelId },
    input: { kind: 'sample', id: 'boston-housing' },
  });
  if (pred.rows !== 506) throw new Error(`run ${i}: predicted ${pred.rows} rows`);
  // The predictions are the person's output (kept by design in predictions/<run>/): the bench removes its own.
  rmSync(dirname(pred.outputPath), { recursive: true, force: true });
  rmSync(exported.zipPath, { force: true });
  await invoke(ws, 'project:delete', { projectId: id });
  await invoke(ws, 'models:delete', { modelId: exported.modelId });
}

async function main(): Promise<void> {
  const jobs = new WorkerClient(forkSpawner(TRAINER));
  const { host, root, dataDir } = await startTestHost(jobs);
  const ws = await connect(host, host.token, { Origin: `http://127.0.0.1:${host.port}` });
  const samples: Sample[] = [];
  let t0 = Date.now();
  console.log(`soak: ${runs} runs through one host (pid ${process.pid}), data in ${dataDir}`);
  console.log('run   rss MB  heap MB      fds  workers worker MB  tmp     monitor data other  s/run');
  try {
    for (let i = 1; i <= runs; i++) {
      await oneRun(ws, i);
      if (i % 10 === 0 || i === runs) {
        global.gc?.();
        const kids = children();
        const m = process.memoryUsage();
        const s: Sample = {
          run: i,
          rssMb: Math.round(m.rss / 2 ** 20),
          heapMb: Math.round(m.heapUsed / 2 ** 20),
          fds: readdirSync('/proc/self/fd').length,
          workers: kids.length,
          workerRssMb: Math.round(kids.reduce((a, k) => a + k.rssMb, 0)),
          tmpAutoml: countEntries(privateTmp, [basename(root)]),
          monitor: countEntries(join(dataDir, 'monitor')),
          dataOther: countEntries(dataDir, ['projects', 'models', 'exports', 'monitor']),
          exports: countEntries(join(dataDir, 'exports')),
          secondsPerRun: (Date.now() - t0) / 1000 / (i - (samples[samples.length - 1]?.run ?? 0)),
        };
        samples.push(s);
        t0 = Date.now();
        console.log(
          [
            s.run,
            s.rssMb,
            s.heapMb,
            s.fds,
            s.workers,
            s.workerRssMb,
            s.tmpAutoml,
            s.monitor,
            s.dataOther,
            s.secondsPerRun.toFixed(1),
          ]
            .map((v, k) => String(v).padStart(k === 0 ? 3 : 8))
            .join(' '),
        );
      }
    }
    const extras = readdirSync(dataDir).filter((n) => !['projects', 'models', 'exports', 'monitor'].includes(n));
    console.log(`data folder besides projects/, models/, exports/, monitor/: ${extras.join(', ') || 'nothing'}`);
  } finally {
    ws.close();
    await host.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(privateTmp, { recursive: true, force: true });
  }
  const base = samples.find((s) => s.run === 10) ?? samples[0];
  const last = samples[samples.length - 1];
  if (base && last && last !== base)
    console.log(
      `from run ${base.run} to ${last.run}: RSS x${(last.rssMb / base.rssMb).toFixed(2)}, heap x${(last.heapMb / base.heapMb).toFixed(2)}, fds ${base.fds} -> ${last.fds}, temp entries ${base.tmpAutoml} -> ${last.tmpAutoml}, monitor entries ${base.monitor} -> ${last.monitor}, data-folder extras ${base.dataOther} -> ${last.dataOther}`,
    );
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
