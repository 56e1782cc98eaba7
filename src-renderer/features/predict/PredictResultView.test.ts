import { describe, expect, it } from 'vitest';
import { shorten, sideBySide } from './PredictResultView';

describe('prediction preview', () => {
  it('writes predicted decimals with formatComputed, whole numbers and labels as they are', () => {
    expect(shorten('25.408419799976745')).toBe('25.4084');
    expect(shorten('0.00012345678912')).toBe('0.000123457');
    expect(shorten('3.5')).toBe('3.5');
    expect(shorten('24.996')).toBe('24.996');
    expect(shorten('1234567')).toBe('1234567');
    expect(shorten('2024-01')).toBe('2024-01');
    expect(shorten('Adelie')).toBe('Adelie');
    expect(shorten(null)).toBeNull();
  });
});

describe('predictions beside their inputs', () => {
  it('puts the predicted columns first, then the input row, and drops the repeated row index', () => {
    const grid = sideBySide({
      outputPath: '/x/predictions.csv',
      rows: 2,
      columns: ['row', 'score', 'is_anomaly'],
      preview: [
        ['0', '0.512345678901', '0'],
        ['1', '0.9', '1'],
      ],
      input: {
        columns: ['wage', 'sector'],
        preview: [
          ['5.1', 'manuf'],
          ['44.5', null],
        ],
      },
    });
    expect(grid.columns.map((c) => [c.name, c.detail])).toEqual([
      ['score', 'predicted'],
      ['is_anomaly', 'predicted'],
      ['wage', 'your data'],
      ['sector', 'your data'],
    ]);
    expect(grid.rows).toEqual([
      ['0.512346', '0', '5.1', 'manuf'],
      ['0.9', '1', '44.5', null],
    ]);
  });

  it('shows a forecast (no input rows) as it is', () => {
    const grid = sideBySide({
      outputPath: 'f.csv',
      rows: 1,
      columns: ['date', 'prediction'],
      preview: [['2024-01', '3']],
    });
    expect(grid.columns.map((c) => c.name)).toEqual(['date', 'prediction']);
  });
});
