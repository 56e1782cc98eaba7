import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../registry/model-registry';
import { MonitorService } from './monitor-service';
import { predictJob } from '../../workers/jobs/predict';
import { churnModel, churnRows, profileOf, writeChurnCsv, type ChurnRow } from '../../engine/monitor/fixtures/churn';

let dir = '';
const ctx = { signal: new AbortController().signal, emit: () => undefined };

async function predict(name: string, rows: ChurnRow[]) {
  const res = await predictJob(
    {
      dataDir: dir,
      source: { kind: 'model', modelId: 'churn' },
      inputPath: writeChurnCsv(join(dir, `${name}.csv`), rows, false),
      outputPath: join(dir, `${name}-out.csv`),
    },
    ctx,
  );
  const predicted = readFileSync(join(dir, `${name}-out.csv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  return { batchId: res.monitor!.batchId, predicted };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monitor-feedback-'));
  const train = writeChurnCsv(join(dir, 'train.csv'), churnRows(3000, 1));
  const { modelJson, onnx } = churnModel(await profileOf(train, dir, 'churned'), 0.7);
  await new ModelRegistry(dir).save({ modelId: 'churn', modelJson, onnx });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('feedback', () => {
  it('joins the scored file with an outcome column by row hash: the metric computed by hand, unmatched rows listed', async () => {
    // Rows with identical inputs share a row hash (they cannot be told apart): keep one of each.
    const seen = new Set<string>();
    const rows = churnRows(820, 7)
      .filter((r) => !seen.has(`${r.tenure}|${r.spend}|${r.plan}`) && seen.add(`${r.tenure}|${r.spend}|${r.plan}`))
      .slice(0, 800);
    const { batchId, predicted } = await predict('a', rows);
    // The scored rows with their outcomes, plus three rows that were never scored.
    const extra = churnRows(3, 99, { shift: 200 });
    writeChurnCsv(join(dir, 'a-outcomes.csv'), [...rows, ...extra]);
    const service = new MonitorService(dir);
    const { report, state } = await service.feedback('churn', join(dir, 'a-outcomes.csv'));
    expect(report).toMatchObject({ received: 803, matched: 800, unmatched: 3, empty: 0, outcomeColumn: 'churned' });
    expect(report.unmatchedKeys).toEqual(['line 802', 'line 803', 'line 804']);
    expect(report.unmatchedHint).toMatch(/input values/);
    const byHand = rows.filter((r, i) => r.churned === predicted[i]).length / rows.length;
    const point = state.evaluations[0].perBatch.find((p) => p.key === batchId)!;
    expect(point.n).toBe(800);
    expect(point.metrics.accuracy).toBeCloseTo(byHand, 12);
    expect(state.evaluations[0].perWeek[0].metrics.accuracy).toBeCloseTo(byHand, 12);
    // Probabilities from the true log-odds are calibrated: expected calibration error is small.
    expect(state.evaluations[0].calibration!.ece).toBeLessThan(0.08);
    expect(state.alerts.filter((a) => a.kind === 'metric')).toEqual([]);
  });

  it('matches by the key column, reports ids that match nothing, and raises a metric alert when the model is wrong', async () => {
    const service = new MonitorService(dir);
    await service.update('churn', { keyColumn: 'id' });
    const rows = churnRows(600, 8, { idFrom: 10_000 });
    const { predicted } = await predict('b', rows);
    // Outcomes keyed by id only: every one the opposite of the prediction, and one id never scored.
    const lines = [
      'id,churned',
      ...rows.map((r, i) => `${r.id},${predicted[i] === 'yes' ? 'no' : 'yes'}`),
      'c999999,yes',
      'c10001,',
    ];
    const path = join(dir, 'b-outcomes.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const { report, state } = await service.feedback('churn', path);
    expect(report).toMatchObject({ received: 602, matched: 600, unmatched: 1, empty: 1, keyBy: 'id' });
    expect(report.unmatchedKeys).toEqual(['c999999']);
    const metric = state.alerts.filter((a) => a.kind === 'metric');
    expect(metric).toHaveLength(1);
    expect(metric[0].subject).toBe('accuracy');
    expect(metric[0].message).toMatch(/worse than its 0.700 on the training holdout/);
  });

  it('refuses an outcomes file without the outcome column, saying which columns it has', async () => {
    const path = join(dir, 'no-outcome.csv');
    writeChurnCsv(path, churnRows(5, 3), false);
    await expect(new MonitorService(dir).feedback('churn', path)).rejects.toMatchObject({
      code: 'column-missing',
      message: expect.stringMatching(/name it 'churned'.*Columns found: id, tenure, spend, plan/),
    });
  });
});
