import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '@shared/events';
import { writeCsv } from '../analytics/csv-out';

/** A context that records events and never cancels, for tests. */
export function testContext(): { ctx: { signal: AbortSignal; emit: (e: EngineEvent) => void }; events: EngineEvent[] } {
  const events: EngineEvent[] = [];
  return { ctx: { signal: new AbortController().signal, emit: (e) => events.push(e) }, events };
}

export function tempDir(prefix = 'automl-fc-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Monthly dates from 2010-01 as YYYY-MM-01 strings. */
export function monthlyDates(n: number): string[] {
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(2010, i, 1)).toISOString().slice(0, 10));
}

export async function seriesCsv(dir: string, name: string, dates: string[], values: number[]): Promise<string> {
  return writeCsv(
    join(dir, name),
    ['date', 'sales'],
    dates.map((d, i) => [d, values[i]]),
  );
}

/** Deterministic pseudo-random numbers (mulberry32), under the name the tests use. */
export { seededRandom as rng } from '../util/rng';

/**
 * Runs Python code with Debian's python3 on one thread (the exported notebook's statsmodels/pandas) and returns its last
 * printed line parsed as JSON; throws with Python's error output when it exits with an error.
 */
export function pythonJson<T>(code: string): T {
  const r = spawnSync('/usr/bin/python3', ['-c', code], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  if (r.status !== 0) throw new Error(`python3 exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}
