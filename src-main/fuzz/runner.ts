/**
 * Drives the fuzz cases through fuzz-host.ts children: one case at a time with a time limit, a new host after
 * a crash, a hang or too much memory. `runFuzz` is used by the CI sample (fuzz-sample.test.ts, fixed seed) and
 * by `npm run fuzz -- --minutes N` (scripts/fuzz.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HostRequest } from './fuzz-host';
import type { ScaleName } from './mutate';
import type { Outcome } from './run-case';

export interface FuzzOptions {
  seed: number;
  /** Stop after this many cases… */
  cases?: number;
  /** …or after this many minutes. */
  minutes?: number;
  /** Input sizes: `sample` for the CI sample, `default`, or `full` (50 MB lines). */
  scale?: ScaleName;
  /**
   * Per-case limit in CPU time of the host (all its threads): past it the case is a hang. Wall time is not the
   * measure because on a shared, loaded machine a case that needs 8 s of CPU can take 40 s; a case that waits
   * forever without using CPU is caught by the wall limit, 4× this.
   */
  caseMs?: number;
  /** Host heap limit; an out-of-memory is recorded as `memory`. */
  maxHeapMb?: number;
  onOutcome?: (o: Outcome) => void;
}

type FromHost =
  { kind: 'ready' } | { kind: 'started'; id: string; recipe: string[] } | { kind: 'done'; outcome: Outcome };

const HOST = resolve(__dirname, 'fuzz-host.ts');

/** The folder a fuzz host runs its cases in; the runner removes it after it kills that host. */
export function hostDir(pid: number): string {
  return join(tmpdir(), `automl-fuzz-${pid}`);
}

/** Kills a host (it may be stuck in a case) and removes its case folder once it has exited. */
async function stopHost(child: ChildProcess): Promise<void> {
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGKILL');
  await exited;
  if (child.pid !== undefined) rmSync(hostDir(child.pid), { recursive: true, force: true });
}
const TSCONFIG = resolve(__dirname, '../../tsconfig.base.json');

function startHost(maxHeapMb: number): { child: ChildProcess; ready: Promise<void> } {
  const child = fork(HOST, [], {
    execArgv: ['--import', 'tsx', `--max-old-space-size=${maxHeapMb}`],
    env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.resume();
  const ready = new Promise<void>((done, fail) => {
    child.once('message', (m: FromHost) => (m.kind === 'ready' ? done() : fail(new Error('fuzz host did not start'))));
    child.once('exit', () => fail(new Error('fuzz host exited before it was ready')));
  });
  ready.catch(() => undefined);
  return { child, ready };
}

export async function runFuzz(opts: FuzzOptions): Promise<Outcome[]> {
  const caseMs = opts.caseMs ?? 60_000;
  const maxHeap = opts.maxHeapMb ?? 3072;
  const deadline = opts.minutes ? Date.now() + opts.minutes * 60_000 : Infinity;
  const outcomes: Outcome[] = [];
  let host = startHost(maxHeap);
  await host.ready;
  try {
    for (let index = 0; (opts.cases === undefined || index < opts.cases) && Date.now() < deadline; index++) {
      const outcome = await runOne(host.child, { seed: opts.seed, index, scale: opts.scale ?? 'default' }, caseMs);
      outcomes.push(outcome);
      opts.onOutcome?.(outcome);
      if (outcome.status === 'crash' || outcome.status === 'hang' || outcome.status === 'memory') {
        await stopHost(host.child);
        host = startHost(maxHeap);
        await host.ready;
      }
    }
  } finally {
    await stopHost(host.child);
  }
  return outcomes;
}

/** CPU time (ms) a process has used, from /proc; null where there is no /proc (then only wall time counts). */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces) start at the state; utime and stime are 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Linux reports /proc CPU times in USER_HZ ticks, 100 a second on every architecture Node runs on. */
const CLOCK_TICKS = 100;

function runOne(child: ChildProcess, req: HostRequest, caseMs: number): Promise<Outcome> {
  return new Promise((done) => {
    let started: { id: string; recipe: string[] } = { id: `${req.seed}:${req.index}`, recipe: [] };
    const t0 = Date.now();
    const cpu0 = cpuMsOf(child.pid);
    const hang = () => finish({ ...started, status: 'hang', ms: Date.now() - t0 });
    const finish = (o: Outcome) => {
      clearInterval(watch);
      child.off('message', onMessage);
      child.off('exit', onExit);
      done(o);
    };
    const onMessage = (m: FromHost) => {
      if (m.kind === 'started') started = { id: m.id, recipe: m.recipe };
      if (m.kind === 'done') finish(m.outcome);
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish({
        ...started,
        status: code === 134 || signal === 'SIGABRT' ? 'memory' : 'crash',
        message: `host exited (${signal ?? code})`,
        ms: Date.now() - t0,
      });
    const watch = setInterval(() => {
      const cpu = cpuMsOf(child.pid);
      const wall = Date.now() - t0;
      if (wall > 4 * caseMs || (cpu === null || cpu0 === null ? wall > caseMs : cpu - cpu0 > caseMs)) hang();
    }, 250);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(req);
  });
}

/** Counts by status, and the findings (anything but ok/coded) with their recipes. */
export function summarise(outcomes: Outcome[]): string {
  const by = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
  const lines = [
    `${outcomes.length} cases: ${by('ok')} ok, ${by('coded')} coded errors, ${by('uncoded')} uncoded, ${by('crash')} crashes, ${by('hang')} hangs, ${by('memory')} out of memory`,
    `max host RSS ${Math.max(0, ...outcomes.map((o) => o.rssMb ?? 0))} MB, slowest case ${Math.max(0, ...outcomes.map((o) => o.ms))} ms wall, ${Math.max(0, ...outcomes.map((o) => o.cpuMs ?? 0))} ms CPU`,
  ];
  for (const o of outcomes.filter((x) => x.status !== 'ok' && x.status !== 'coded')) {
    lines.push(
      `  ${o.status} ${o.id} [${o.recipe.join(' ')}] ${o.step ?? ''} ${o.area ?? ''}: ${(o.message ?? '').split('\n')[0]}`,
    );
  }
  return lines.join('\n');
}
