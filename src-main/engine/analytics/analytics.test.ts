import type { CsvValue } from '../util/csv-writer';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rng, tempDir, testContext } from '../forecast/test-helpers';
import { binNumeric, codeCategories, cramersV, mutualInformation, pearson, spearman } from './association';
import { writeCsv } from './csv-out';
import { runCorrelation } from './run-correlation';
import { runSummary } from './run-summary';

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

describe('association measures', () => {
  it('match known values', () => {
    const x = Array.from({ length: 50 }, (_, i) => i);
    expect(
      pearson(
        x,
        x.map((v) => 2 * v + 1),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      pearson(
        x,
        x.map((v) => -v),
      ),
    ).toBeCloseTo(-1, 12);
    expect(
      spearman(
        x,
        x.map((v) => Math.exp(v / 5)),
      ),
    ).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, NaN, 5], [2, 4, 6, 100, 10])).toBeCloseTo(1, 12);
    const a = codeCategories(Array.from({ length: 400 }, (_, i) => (i % 2 ? 'a' : 'b')));
    const same = codeCategories(Array.from({ length: 400 }, (_, i) => (i % 2 ? 'x' : 'y')));
    const indep = codeCategories(Array.from({ length: 400 }, (_, i) => (Math.floor(i / 2) % 2 ? 'x' : 'y')));
    expect(cramersV(a, same)).toBeCloseTo(1, 2);
    expect(cramersV(a, indep)).toBeLessThan(0.05);
    expect(mutualInformation(a, same)).toBeCloseTo(Math.log(2), 6);
    expect(binNumeric(x, 5).levels).toBe(5);
  });
});

describe('runCorrelation', () => {
  it('ranks a planted strong factor first for a numeric target', async () => {
    const dir = tempDir('automl-corr-');
    const r = rng(31);
    const rows = Array.from({ length: 500 }, (_, i) => {
      const size = 50 + 20 * gauss(r);
      const age = 10 + 5 * gauss(r);
      const region = ['north', 'south', 'east'][i % 3];
      const price = 3 * size - 4 * age + (region === 'south' ? 10 : 0) + 15 * gauss(r);
      return [i, size, age, region, price];
    });
    const path = await writeCsv(join(dir, 'houses.csv'), ['id', 'size', 'age', 'region', 'price'], rows);
    const { ctx } = testContext();
    const res = await runCorrelation({ dataPath: path, target: 'price', artifactDir: dir }, ctx);
    expect(res.details.factors[0].column).toBe('size');
    expect(res.details.factors[0].strength).toBeGreaterThan(0.9);
    expect(res.details.factors[0].direction).toBe('positive');
    expect(res.details.factors.find((f) => f.column === 'age')!.direction).toBe('negative');
    expect(res.details.skipped.map((s) => s.column)).toContain('id');
    expect(res.summary.leaderboard.find((x) => x.family === 'mutual_info')!.params.top).toBe('size');
    expect(res.details.factors[0].sentence).toMatch(/very strong/);
  });

  it('ranks the category that drives a yes/no target first', async () => {
    const dir = tempDir('automl-corr-');
    const r = rng(32);
    const rows = Array.from({ length: 600 }, (_, i) => {
      const plan = ['monthly', 'yearly', 'trial'][i % 3];
      const p = plan === 'monthly' ? 0.6 : plan === 'trial' ? 0.8 : 0.05;
      const tenure = Math.round(1 + 30 * r());
      return [plan, tenure, r() < p ? 'yes' : 'no'];
    });
    const path = await writeCsv(join(dir, 'churn.csv'), ['plan', 'tenure', 'churn'], rows);
    const res = await runCorrelation({ dataPath: path, target: 'churn', artifactDir: dir }, testContext().ctx);
    expect(res.details.targetKind).toBe('categorical');
    expect(res.details.factors[0].column).toBe('plan');
    expect(res.details.factors[0].measure).toBe('cramers_v');
    expect(res.details.factors[0].strength).toBeGreaterThan(0.5);
    expect(res.details.factors[1].strength).toBeLessThan(0.2);
  });

  it('names the columns when the target is missing', async () => {
    const dir = tempDir('automl-corr-');
    const path = await writeCsv(
      join(dir, 'x.csv'),
      ['a', 'b'],
      [
        [1, 2],
        [2, 3],
        [3, 5],
      ],
    );
    await expect(runCorrelation({ dataPath: path, target: 'c', artifactDir: dir }, testContext().ctx)).rejects.toThrow(
      /Columns are: a, b/,
    );
  });
});

describe('runSummary', () => {
  it('describes columns with missing values, outliers and duplicates', async () => {
    const dir = tempDir('automl-sum-');
    const rows: CsvValue[][] = [];
    for (let i = 0; i < 100; i++)
      rows.push([i % 10 === 0 ? null : i, i < 98 ? 5 : 1000, i % 2 ? 'cat' : 'dog', '2024-01-01']);
    rows.push(rows[1].slice());
    const path = await writeCsv(join(dir, 's.csv'), ['x', 'y', 'pet', 'day'], rows);
    const res = await runSummary({ dataPath: path, artifactDir: dir }, testContext().ctx);
    const d = res.details;
    expect(d.rows).toBe(101);
    // The ten rows with x missing are identical, plus one copied row.
    expect(d.duplicateRows).toBe(10);
    const x = d.columns.find((c) => c.name === 'x')!;
    expect(x.missing).toBe(10);
    expect(x.min).toBe(1);
    expect(x.max).toBe(99);
    const y = d.columns.find((c) => c.name === 'y')!;
    expect(y.median).toBe(5);
    expect(y.outliers).toBe(2);
    const pet = d.columns.find((c) => c.name === 'pet')!;
    expect(pet.top![0]).toEqual({ value: 'cat', count: 51 });
    expect(d.columns.find((c) => c.name === 'day')!.kind).toBe('datetime');
    expect(d.missingRate).toBeCloseTo(10 / 404, 9);
    expect(res.charts.length).toBeGreaterThan(1);
  });

  it('bins a column whose name is also a short alias', async () => {
    const dir = tempDir('automl-sum-');
    const path = await writeCsv(
      join(dir, 'b.csv'),
      ['id', 'b'],
      Array.from({ length: 40 }, (_, i) => [i, i % 7]),
    );
    const res = await runSummary({ dataPath: path, artifactDir: dir }, testContext().ctx);
    expect(res.details.columns.find((c) => c.name === 'b')!.histogram!.counts.reduce((a, v) => a + v, 0)).toBe(40);
  });
});
