/**
 * Drives the fuzz cases through fuzz-host.ts children: one case at a time with a time limit, a new host after
 * a crash, a hang or too much memory. `runFuzz` is used by the CI sample (fuzz-sample.test.ts, fixed seed) and
 * by `npm run fuzz -- --minutes N` (scripts/fuzz.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { HostRequest } from './fuzz-host';
import type { Outcome } from './run-case';

export interface FuzzOptions {
  seed: number;
  /** Stop after this many cases… */
  cases?: number;
  /** …or after this many minutes. */
  minutes?: number;
  /** Real sizes (50 MB lines) instead of the CI ones. */
  full?: boolean;
  /** Per-case limit; past it the case is a hang. */
  caseMs?: number;
  /** Host heap limit; an out-of-memory is recorded as `memory`. */
  maxHeapMb?: number;
  onOutcome?: (o: Outcome) => void;
}

type FromHost =
  { kind: 'ready' } | { kind: 'started'; id: string; recipe: string[] } | { kind: 'done'; outcome: Outcome };

const HOST = resolve(__dirname, 'fuzz-host.ts');
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
      const outcome = await runOne(host.child, { seed: opts.seed, index, full: Boolean(opts.full) }, caseMs);
      outcomes.push(outcome);
      opts.onOutcome?.(outcome);
      if (outcome.status === 'crash' || outcome.status === 'hang' || outcome.status === 'memory') {
        host.child.kill('SIGKILL');
        host = startHost(maxHeap);
        await host.ready;
      }
    }
  } finally {
    host.child.kill('SIGKILL');
  }
  return outcomes;
}

function runOne(child: ChildProcess, req: HostRequest, caseMs: number): Promise<Outcome> {
  return new Promise((done) => {
    let started: { id: string; recipe: string[] } = { id: `${req.seed}:${req.index}`, recipe: [] };
    const t0 = Date.now();
    const finish = (o: Outcome) => {
      clearTimeout(timer);
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
    const timer = setTimeout(() => finish({ ...started, status: 'hang', ms: Date.now() - t0 }), caseMs);
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
    `max host RSS ${Math.max(0, ...outcomes.map((o) => o.rssMb ?? 0))} MB, slowest case ${Math.max(0, ...outcomes.map((o) => o.ms))} ms`,
  ];
  for (const o of outcomes.filter((x) => x.status !== 'ok' && x.status !== 'coded')) {
    lines.push(
      `  ${o.status} ${o.id} [${o.recipe.join(' ')}] ${o.step ?? ''} ${o.area ?? ''}: ${(o.message ?? '').split('\n')[0]}`,
    );
  }
  return lines.join('\n');
}
