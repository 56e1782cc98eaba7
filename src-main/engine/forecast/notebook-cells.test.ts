import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecastCells } from './notebook-cells';
import type { ForecastModelJson } from './run-forecast';

describe('forecastCells', () => {
  it('writes the notebook of a model whose backtest scores are all missing', () => {
    // A real model.json (PM10 at DENW081, 29% of days missing in a 175-day run): every fold's MASE was NaN, stored as
    // null, and the export failed on null.toFixed ("The export failed unexpectedly").
    const model = JSON.parse(
      readFileSync(join(__dirname, 'fixtures', 'all-nan-backtest.json'), 'utf8'),
    ) as ForecastModelJson;
    const text = forecastCells(model, 14)
      .map((c) => ('source' in c ? String(c.source) : JSON.stringify(c)))
      .join('\n');
    expect(text).toContain('| seasonal_naive | – | – | – |');
    expect(text).not.toContain('NaN');
  });
});
