import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CodedError } from '@shared/errors';
import type { EngineEvent, EngineEventOf } from '@shared/events';
import { WorkerClient } from './client';
import { forkSpawner } from './fork-spawner';
import { memorySpawner } from './memory-spawner';
import type { FromWorker, Handlers, ToWorker } from './protocol';
import { serveWorker } from './runtime';
import type { TestMethods } from './fixtures/test-worker';

const entry = resolve(__dirname, 'fixtures/test-worker.ts');
const tsxEnv = { ...process.env, TSX_TSCONFIG_PATH: resolve(__dirname, '../../tsconfig.base.json') };
const forked = (maxOldSpaceMb?: number) =>
  new WorkerClient<TestMethods>(
    forkSpawner(entry, { execArgv: ['--import', 'tsx'], env: tsxEnv, maxOldSpaceMb }),
    1500,
  );

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof CodedError ? err.code : `uncoded: ${String(err)}`;
  }
}

type CountMethods = {
  count: { input: { steps: number }; output: number; event: EngineEventOf<'TRAIN_PROGRESS'> };
};

describe('worker layer over an in-memory port', () => {
  const handlers: Handlers<CountMethods> = {
    count: async (input: { steps: number }, { signal, emit }) => {
      for (let i = 0; i < input.steps; i++) {
        if (signal.aborted) throw new CodedError('cancelled', 'stopped');
        emit({ type: 'TRAIN_PROGRESS', payload: { fraction: i % 2 ? 0.1 : i / input.steps, message: 'x' } });
        await new Promise((r) => setTimeout(r, 5));
      }
      return input.steps;
    },
  };

  it('returns results and streams progress that never runs backwards', async () => {
    const events: EngineEvent[] = [];
    const client = new WorkerClient(memorySpawner<CountMethods>(handlers));
    // Fake timers: 40 steps of 5 ms are 200 ms whatever the machine's load (real 5 ms sleeps on a busy machine took
    // long enough for the 100 ms throttle to pass one message per step).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let value: number;
    try {
      const p = client.request('count', { steps: 40 }, { onEvent: (e) => events.push(e) });
      await vi.runAllTimersAsync();
      value = await p;
    } finally {
      vi.useRealTimers();
    }
    expect(value).toBe(40);
    const fractions = events
      .filter((e) => e.type === 'TRAIN_PROGRESS')
      .map((e) => (e.payload as { fraction: number }).fraction);
    expect(fractions.length).toBeGreaterThan(0);
    // Throttled to one message per 100 ms: 200 ms of steps send about 3 (plus the last word), not 40.
    expect(fractions.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
  });

  it('answers a method it does not have (a message off the wire) with one naming the known ones', async () => {
    const replies: Array<FromWorker<CountMethods>> = [];
    let deliver: (message: ToWorker<CountMethods>) => void = () => undefined;
    serveWorker<CountMethods>({ send: (m) => replies.push(m), onMessage: (l) => (deliver = l) }, handlers);
    // What a client built against a newer declaration would send; parsed like bytes from a process.
    deliver(JSON.parse('{"kind":"request","id":"r1","method":"nope","input":{}}'));
    const answer = replies.find((m) => m.kind === 'result');
    expect(answer).toMatchObject({ id: 'r1', ok: false, error: { code: 'invalid-input' } });
    expect(answer && 'error' in answer && answer.error.message).toMatch(/Unknown worker method 'nope'. Known: count/);
  });

  it('cancels cooperatively', async () => {
    const controller = new AbortController();
    const client = new WorkerClient(memorySpawner<CountMethods>(handlers));
    const p = client.request('count', { steps: 1000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    expect(await codeOf(p)).toBe('cancelled');
  });
});

describe('worker layer over a forked process', () => {
  it('round-trips a request', async () => {
    const result = await forked().request('echo', { a: [1, 2] });
    expect(result.echoed).toEqual({ a: [1, 2] });
    expect(result.pid).not.toBe(process.pid);
    // The worker had a private temp folder, and it is gone with the worker (with what was written in it).
    expect(result.tmp).toContain('automl-worker-');
    // Removed when the parent sees the worker exit: waited for (up to 30 s, a loaded machine's fork may be slow).
    for (let i = 0; i < 1500 && existsSync(result.tmp); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(result.tmp)).toBe(false);
  });

  it('carries coded errors across the boundary', async () => {
    await expect(forked().request('fail', {})).rejects.toMatchObject({
      code: 'column-missing',
      message: expect.stringMatching(/Columns are/),
    });
  });

  it('cancels mid-run: the handler stops at its next step', async () => {
    const controller = new AbortController();
    let seen = -1;
    // Cancel once the handler has reported a step (not after a fixed time: a busy machine may start the worker late).
    const onEvent = (e: EngineEvent): void => {
      if (e.type !== 'METRIC_SCALAR' || seen >= 0) return;
      seen = e.payload.step;
      controller.abort();
    };
    // A grace period no busy machine outlasts, so only the handler's own stop can end the request (not a kill).
    const client = new WorkerClient<TestMethods>(
      forkSpawner(entry, { execArgv: ['--import', 'tsx'], env: tsxEnv }),
      120_000,
    );
    const p = client.request('count', { steps: 500, ms: 20 }, { signal: controller.signal, onEvent });
    const stopped = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(stopped).toBeInstanceOf(CodedError);
    expect(stopped).toMatchObject({ code: 'cancelled' });
    // The handler's own words, with the step it stopped at: after the one seen, long before the 500th.
    const step = Number(/^Cancelled at step (\d+)\.$/.exec((stopped as CodedError).message)?.[1]);
    expect(step).toBeGreaterThan(seen);
    expect(step).toBeLessThan(500);
  });

  it('kills a worker that ignores cancel after the grace period', async () => {
    const controller = new AbortController();
    const p = forked().request('count', { steps: 500, ms: 20, ignoreCancel: true }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 600);
    await expect(p).rejects.toMatchObject({
      code: 'cancelled',
      message: expect.stringMatching(/did not stop in time/),
    });
  });

  it('turns a crash into worker-crashed', async () => {
    expect(await codeOf(forked().request('crash', {}))).toBe('worker-crashed');
  });

  it('turns a SIGKILL from outside into killed, and the next request still works', async () => {
    const client = forked();
    let announced: (pid: number) => void = () => undefined;
    const started = new Promise<number>((r) => (announced = r));
    const p = client.request(
      'hang',
      {},
      {
        onEvent: (e) => {
          if (e.type === 'WAITING_CONFIRMATION') announced(Number(e.payload.message.slice(4)));
        },
      },
    );
    // Waits for the worker's word, however long a busy machine takes to start it.
    const pid = await started;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    expect(await codeOf(p)).toBe('killed');
    const again = await client.request('echo', 1);
    expect(again.echoed).toBe(1);
  });

  it('turns running over --max-old-space-size into oom', async () => {
    expect(await codeOf(forked(64).request('oom', {}))).toBe('oom');
  });
});

describe('a worker whose parent is killed', () => {
  it('stops at once, even in the middle of a long synchronous step, and writes nothing more', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, rmSync, statSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'automl-orphan-'));
    const touch = join(dir, 'touch');
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(__dirname, 'fixtures/orphan-parent.ts'), touch],
      {
        env: tsxEnv,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const workerPid = await new Promise<number>((done) =>
      parent.stdout!.on('data', (d: Buffer) => {
        const m = /worker (\d+)/.exec(d.toString());
        if (m) done(Number(m[1]));
      }),
    );
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (!existsSync(touch)) await new Promise((r) => setTimeout(r, 50));
    expect(alive(workerPid)).toBe(true);
    parent.kill('SIGKILL');
    // The worker spins for 60 s of wall time and cannot see the closed channel meanwhile: only the parent watcher
    // (a 200 ms poll on its own thread) ends it before then. Waiting up to 30 s tells the two apart on any machine;
    // a fixed few seconds was a timing guess (it lands within a few hundred ms on a loaded 2-core machine).
    for (let i = 0; i < 1500 && alive(workerPid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(workerPid)).toBe(false);
    const last = statSync(touch).mtimeMs;
    await new Promise((r) => setTimeout(r, 500));
    expect(statSync(touch).mtimeMs).toBe(last);
    rmSync(dir, { recursive: true, force: true });
  });
});
