import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../analytics/csv-out';
import { rng, tempDir, testContext } from '../forecast/test-helpers';
import { scoreAnomalyFile, type AnomalyModelJson } from './anomaly-model';
import { chooseMethod } from './choose-method';
import { runAnomaly } from './run-anomaly';

const WAGES = join(__dirname, '../../../resources/samples/cps-wages-1985.csv');

describe('anomaly method choice and saved model', () => {
  it('chooses by agreement with the rows two methods flag, not by the fewest flags', () => {
    const score = Float64Array.from([0.9, 0.8, 0.5, 0.5, 0.5, 0.5]);
    const f = (...rows: number[]) => Array.from({ length: 6 }, (_, i) => rows.includes(i));
    // The forest flags one row, the others agree on three: the consensus is rows 0, 1, 2.
    const c = chooseMethod(
      [
        { method: 'isolation_forest', label: 'Forest', flags: f(0) },
        { method: 'zscore', label: 'Z', flags: f(0, 1, 2) },
        { method: 'iqr', label: 'IQR', flags: f(0, 1, 2, 3) },
      ],
      score,
    );
    expect(c.consensus).toBe(3);
    expect(c.method).toBe('zscore');
    expect(c.agreement).toEqual({ isolation_forest: 1 / 3, zscore: 1, iqr: 3 / 4 });
    expect(c.why).toMatch(/^Z agrees best with the 3 rows at least two methods flag/);
    // Nothing corroborated: the methods that flag nothing agree; the forest wins the tie.
    const none = chooseMethod(
      [
        { method: 'isolation_forest', label: 'Forest', flags: f() },
        { method: 'zscore', label: 'Z', flags: f(4) },
        { method: 'iqr', label: 'IQR', flags: f() },
      ],
      score,
    );
    expect(none.method).toBe('isolation_forest');
  });

  it('scores new rows exactly as the training rows were scored', async () => {
    const dir = tempDir('automl-anom-model-');
    const res = await runAnomaly({ dataPath: WAGES, artifactDir: dir }, testContext().ctx);
    const model = JSON.parse(readFileSync(join(dir, 'anomaly-model.json'), 'utf8')) as AnomalyModelJson;
    expect(model.method).toBe(res.details.choice.method);
    const again = await scoreAnomalyFile(model, WAGES);
    const path = await writeCsv(join(dir, 'again.csv'), again.header, again.rows);
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(join(dir, 'scores.csv'), 'utf8'));
    // A new file with a far-out value in a numeric column is flagged and explained.
    const lines = readFileSync(WAGES, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const wage = header.indexOf('wage');
    const odd = lines[1].split(',');
    odd[wage] = '400';
    const r = rng(3);
    const fresh = await writeCsv(
      join(dir, 'new.csv'),
      header,
      [odd, ...lines.slice(2, 12).map((l) => l.split(','))].map((row) => row.map((v) => (r() > 2 ? '' : v))),
    );
    const scored = await scoreAnomalyFile(model, fresh);
    expect(scored.rows).toHaveLength(11);
    expect(scored.rows[0][2]).toBe(1);
    expect(String(scored.rows[0][3])).toMatch(/^wage 400 is high/);
  });
});
