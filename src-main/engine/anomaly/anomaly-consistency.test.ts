import type { CsvValue } from '../util/csv-writer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistogramSpec } from '@shared/charts';
import { writeCsv } from '../analytics/csv-out';
import type { TaskResult } from '../analytics/task-result';
import { rng, tempDir, testContext } from '../forecast/test-helpers';
import { scoreHistogram } from './anomaly-charts';
import { runAnomaly, type AnomalyDetails } from './run-anomaly';

const WAGES = join(__dirname, '../../../resources/samples/cps-wages-1985.csv');

/** The score chart, scores.csv, the anomaly_rate metric and the top list must tell the same story. */
function expectConsistent(res: TaskResult<AnomalyDetails>, dir: string): { atOrAbove: number; flagged: number } {
  const d = res.details;
  const lines = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
  const scores = lines.map((l) => Number(l.split(',')[1]));
  const flags = lines.map((l) => l.split(',')[2]);
  const atOrAbove = scores.filter((s) => s >= d.threshold).length;
  const flagged = flags.filter((f) => f === '1').length;

  const hist = res.charts[0].spec as HistogramSpec;
  const only = /^(\d+) of (\d+) rows score ≥ the forest cutoff ([\d.]+)$/.exec(hist.subtitle ?? '');
  const split = /^(\d+) of (\d+) flagged: (\d+) score ≥ cutoff ([\d.]+), (\d+) by the 3-IQR rule$/.exec(
    hist.subtitle ?? '',
  );
  expect(only ?? split, hist.subtitle).not.toBeNull();
  const [total, rows, forestSaid, cutSaid, farOut] = (
    only ? [only[1], only[2], only[1], only[3], '0'] : split!.slice(1)
  ).map(Number);
  expect(forestSaid).toBe(atOrAbove);
  expect(rows).toBe(lines.length);
  expect(cutSaid).toBeCloseTo(d.threshold, 3);
  // The chart is about the forest method; the reported flags are the chosen method's.
  const forestMethod = d.methods.find((m) => m.method === 'isolation_forest')!;
  expect(total).toBe(forestMethod.flagged);
  expect(farOut).toBe(forestMethod.flagged - atOrAbove);
  expect(hist.subtitle!.length).toBeLessThanOrEqual(70);
  // The marker sits on a bin edge inside the drawn range and the bars from it on hold exactly those rows.
  const cut = hist.edges.indexOf(hist.markers![0].value);
  expect(cut).toBeGreaterThan(0);
  expect(cut).toBeLessThan(hist.edges.length - 1);
  expect(hist.counts.slice(cut).reduce((a, b) => a + b, 0)).toBe(atOrAbove);
  expect(hist.counts.reduce((a, b) => a + b, 0)).toBe(lines.length);

  expect(d.flagged).toBe(flagged);
  expect(d.forestFlagged).toBe(atOrAbove);
  const chosen = res.summary.leaderboard.find((r) => r.modelId === res.summary.bestModelId)!;
  expect(chosen.modelId).toBe(d.choice.method);
  expect(chosen.metrics.anomaly_rate).toBeCloseTo(flagged / lines.length, 12);
  expect(d.methods.find((m) => m.method === d.choice.method)!.flagged).toBe(flagged);
  for (const t of d.top) {
    expect(t.reasons.length, `row ${t.row}`).toBeGreaterThan(0);
    expect(t.reasons.every((r) => r.length > 0)).toBe(true);
    expect(t.flagged).toBe(flags[t.row] === '1');
    if (t.flagged) expect(t.columns.length, `row ${t.row}: ${t.reasons.join('; ')}`).toBeGreaterThan(0);
  }
  return { atOrAbove, flagged };
}

describe('anomaly chart, scores.csv and metric agree', () => {
  it('on the 1985 wages sample: 0/1 columns flag nothing, the 44.5 wage is flagged and explained', async () => {
    const dir = tempDir('automl-anom-');
    const res = await runAnomaly({ dataPath: WAGES, artifactDir: dir }, testContext().ctx);
    const { flagged } = expectConsistent(res, dir);
    // Before: every row off the median of a 0/1 column (union, south) was "far out" (98 of 534 flagged).
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(0.05 * 534);
    const top = res.details.top.find((t) => /^wage 44\.5 is high \(\d+\.\d SD above the mean/.test(t.reasons[0]));
    expect(top?.flagged).toBe(true);
    for (const t of res.details.top.filter((x) => x.flagged)) expect(t.columns).not.toContain('union');
  });

  it("on a planted table the forest's own flags and the far-out rule are counted apart", async () => {
    const dir = tempDir('automl-anom-');
    const r = rng(5);
    const rows: CsvValue[][] = [];
    for (let i = 0; i < 600; i++) {
      const a = r() * 10;
      const b = a + r();
      rows.push([a, b, r() < 0.5 ? 1 : 0]);
    }
    // Far from the a = b diagonal in both columns at once: the forest isolates these.
    for (const i of [10, 20, 30]) rows[i] = [60 + i, -50 - i, 1];
    // Off the diagonal by 9 in one column: only the forest scores it above the others, and only just.
    rows[400] = [5, 5.5 + 9, 1];
    const path = await writeCsv(join(dir, 'p.csv'), ['a', 'b', 'flag'], rows);
    const res = await runAnomaly({ dataPath: path, artifactDir: dir }, testContext().ctx);
    const { atOrAbove, flagged } = expectConsistent(res, dir);
    expect(atOrAbove).toBeGreaterThanOrEqual(3);
    expect(flagged).toBeLessThan(20);
    for (const i of [10, 20, 30]) expect(res.details.top.find((t) => t.row === i)?.flagged, `row ${i}`).toBe(true);
    // The forest flags row 400 too, but no other method does: it is listed next, not reported as an anomaly.
    expect(res.details.methods.find((m) => m.method === 'isolation_forest')!.flagged).toBeGreaterThan(3);
    expect(res.details.top[3].row).toBe(400);
    expect(res.details.choice.why).toMatch(/agrees best with the 3 rows at least two methods flag/);
  });

  it('puts the cutoff on a bin edge even above every score', () => {
    const h = scoreHistogram(Float64Array.from([0.4, 0.5, 0.6, 0.65, 0.67]), 0.779);
    const cut = h.edges.indexOf(0.779);
    expect(cut).toBeGreaterThan(0);
    expect(h.counts.slice(cut).reduce((a, b) => a + b, 0)).toBe(0);
    const at = scoreHistogram(Float64Array.from([0.3, 0.5, 0.6, 0.6, 0.7]), 0.6);
    expect(at.counts.slice(at.edges.indexOf(0.6)).reduce((a, b) => a + b, 0)).toBe(3);
  });
});
