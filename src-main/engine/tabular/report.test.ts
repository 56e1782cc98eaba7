import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadFrame } from '../frame/load-frame';
import { computeMetrics, oriented } from '../metrics';
import { makeRng } from '../models/trees/rng';
import type { ColumnData, EnsemblePipeline } from '../pipeline/types';
import { flatMembers, runConfig, unionInputs } from './evaluate';
import { IMPORTANCE_MIN_ROWS, permutationImportance } from './report';
import { scorePipeline } from './score';

// Counts the rows whose features permutation importance builds (the work a deadline must bound).
const built = vi.hoisted(() => ({ rows: 0 }));
vi.mock('./score', async (original) => {
  const real = await original<typeof import('./score')>();
  return {
    ...real,
    singleMatrix: (...args: Parameters<typeof real.singleMatrix>) => {
      built.rows += args[3]?.length ?? args[2];
      return real.singleMatrix(...args);
    },
  };
});
import { classificationData, roomyContext } from './test-data';

describe('permutationImportance', () => {
  it('equals shuffling the raw column and scoring again, for text (sparse tail), categories and numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imp-'));
    const rng = makeRng(9);
    const lines = ['a,city,note,y'];
    for (let i = 0; i < 400; i++) {
      const a = rng() * 2 - 1;
      const city = ['oslo', 'rome', 'lima'][Math.floor(rng() * 3)];
      const good = rng() < 0.5;
      const note = `${good ? 'great fine' : 'awful slow'} ${['ok', 'meh', 'so so'][i % 3]}`;
      const y = a + (city === 'oslo' ? 0.5 : 0) + (good ? 0.8 : -0.8) + (rng() - 0.5) > 0 ? 'yes' : 'no';
      lines.push(`${a.toFixed(4)},${city},${note},${y}`);
    }
    const path = join(dir, 'd.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const frame = await loadFrame(path, { kinds: { note: 'text', y: 'categorical' } });
    const data = { ...classificationData(frame, 'y'), hasText: true };
    const ctx = roomyContext();
    const logistic = await runConfig(data, 'logistic', { C: 1 }, ctx);
    const gbm = await runConfig(data, 'gradient_boosting', { n_estimators: 30, max_depth: 3 }, ctx);
    const p: EnsemblePipeline = {
      kind: 'ensemble',
      task: 'binary',
      target: 'y',
      classes: data.target.classes,
      inputs: unionInputs([logistic.pipeline.inputs, gbm.pipeline.inputs]),
      members: [...flatMembers(logistic.pipeline, 0.6, 0), ...flatMembers(gbm.pipeline, 0.4, 1)],
    };
    const rows = data.split.test;
    const y = Float64Array.from(rows, (r) => data.target.info.y[r]);
    const seed = 4;
    const got = permutationImportance(p, frame, rows, y, 'log_loss', seed, Date.now() + 1e9, 1);
    expect(got.rows).toBe(rows.length);
    expect(got.columns.map((c) => c.feature).sort()).toEqual(['a', 'city', 'note']);

    // The reference: the same shuffles (the timed pilot draws its own) applied to the raw column, scored from scratch.
    const order = makeRng(seed + 101);
    const shuffle = (): Int32Array => {
      const perm = Int32Array.from(rows.keys());
      for (let i = perm.length - 1; i > 0; i--) {
        const j = Math.floor(order() * (i + 1));
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      return perm;
    };
    const score = (col: (name: string) => ColumnData | undefined): number =>
      oriented(
        'log_loss',
        computeMetrics('classification', y, scorePipeline(p, col, frame.nRows, rows), 2).log_loss ?? NaN,
      );
    const get = (name: string): ColumnData | undefined => frame.get(name)?.values;
    const baseline = score(get);
    for (const { name } of p.inputs) {
      const perm = shuffle();
      const src = get(name) as ColumnData;
      const copy = src instanceof Float64Array ? Float64Array.from(src) : src.slice();
      for (let i = 0; i < rows.length; i++) copy[rows[i]] = src[rows[perm[i]]];
      const want = baseline - score((n) => (n === name ? copy : get(n)));
      expect(got.columns.find((c) => c.feature === name)?.importance).toBeCloseTo(want, 10);
    }
    expect(got.columns[0].importance).toBeGreaterThan(0);

    // Out of time (a deadline already past): the pilot's rows only, every column still measured once, and no
    // features built for the other rows (a text blend's features on all its test rows had cost 7 s past the deadline).
    built.rows = 0;
    const late = permutationImportance(p, frame, rows, y, 'log_loss', seed, -Infinity);
    expect(built.rows).toBe(late.rows * p.members.length);
    expect(late.rows).toBeLessThan(rows.length);
    expect(late.rows).toBeGreaterThanOrEqual(IMPORTANCE_MIN_ROWS / 2);
    expect(late.columns.map((c) => c.feature).sort()).toEqual(['a', 'city', 'note']);
    expect(late.columns.every((c) => Number.isFinite(c.importance))).toBe(true);
  });
});
