import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimIsLive, claimRun, readRunClaim, withProjectLock } from './project-lock';

const FIXTURE = resolve(__dirname, 'fixtures/lock-process.ts');
const tsxEnv = { ...process.env, TSX_TSCONFIG_PATH: resolve(__dirname, '../../../tsconfig.base.json') };
let dir: string;

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], {
    env: tsxEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'automl-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('project lock', () => {
  it('serialises read-modify-write across two processes and this one: no update is lost', async () => {
    writeFileSync(join(dir, 'counter.json'), JSON.stringify({ value: 0 }));
    const children = [start(['count', dir, '40']), start(['count', dir, '40'])];
    // Listen now: a child may finish before this process does.
    const exits = children.map(exited);
    const file = join(dir, 'counter.json');
    for (let i = 0; i < 40; i++) {
      await withProjectLock(dir, async () => {
        const value = (JSON.parse(readFileSync(file, 'utf8')) as { value: number }).value;
        await new Promise((r) => setTimeout(r, 2));
        writeFileSync(file, JSON.stringify({ value: value + 1 }));
      });
    }
    expect(await Promise.all(exits)).toEqual([0, 0]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ value: 120 });
  });

  it('breaks a lock left by a process that died', async () => {
    // Written just now, so the lock is not stale by age (30 s) before a waiter gives up (20 s, project-busy): only
    // seeing that its process is gone lets this run (no wall-clock bound to guess).
    writeFileSync(join(dir, 'project.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, token: 'dead', at: Date.now() }));
    expect(await withProjectLock(dir, async () => 'ran')).toBe('ran');
  });

  it('a run claimed by a live process is live until that process is killed', async () => {
    const child = start(['claim', dir]);
    await new Promise<void>((r) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('claimed') && r()));
    const claim = await readRunClaim(dir);
    expect(claim).toMatchObject({ pid: child.pid, stage: 'TRAIN' });
    expect(claimIsLive(claim)).toBe(true);
    child.kill('SIGKILL');
    await exited(child);
    expect(claimIsLive(await readRunClaim(dir))).toBe(false);
  });

  it('a claim of this process is live until released, and released claims leave no file', async () => {
    const held = await claimRun(dir, 'PROFILE_DATA');
    expect(claimIsLive(await readRunClaim(dir))).toBe(true);
    await held.stage('TRAIN');
    expect((await readRunClaim(dir))?.stage).toBe('TRAIN');
    await held.release();
    expect(await readRunClaim(dir)).toBeNull();
  });
});
