import { describe, expect, it } from 'vitest';
import type { DataProfile } from '@shared/project';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { whatIfControls } from './what-if-controls';

const train = makeTable(120, 5);

describe('whatIfControls', () => {
  it("offers the model's categories, yes/no, the training range of numbers and dates, free text otherwise", () => {
    const p = fixturePipelines(train, 'regression').gradient_boosting;
    const column = { missing: 0, missingPct: 0, distinct: 100 };
    const profile: DataProfile = {
      rows: 120,
      columns: [
        { ...column, name: 'x1', kind: 'numeric', dbType: 'DOUBLE', min: -2.5, max: 3.25 },
        // A file with 'X1' before 'x1' would call this one x1_1 inside; here it is written 'Flag' beside a 'flag'.
        { ...column, name: 'flag', written: 'Flag', kind: 'boolean', dbType: 'BOOLEAN' },
        {
          ...column,
          name: 'when',
          kind: 'datetime',
          dbType: 'DATE',
          dateMin: '2020-01-03',
          dateMax: '2021-06-30T00:00:00',
        },
      ],
      duplicateRows: 0,
      correlations: [],
      warnings: [],
      elapsedMs: 0,
    };
    const byName = new Map(whatIfControls(p, profile).map((c) => [c.column, c]));
    expect(p.inputs.map((i) => i.name)).toEqual([...byName.keys()]);
    const color = byName.get('color');
    expect(color?.kind).toBe('choice');
    if (color?.kind === 'choice') expect(color.options.length).toBeGreaterThan(1);
    // The form labels a column by the name its file wrote.
    expect(byName.get('flag')).toEqual({ column: 'flag', kind: 'boolean', written: 'Flag' });
    expect(byName.get('x1')).toEqual({ column: 'x1', kind: 'number', min: -2.5, max: 3.25, integer: false });
    expect(byName.get('when')).toEqual({ column: 'when', kind: 'date', min: '2020-01-03', max: '2021-06-30' });
    expect(byName.get('note')).toEqual({ column: 'note', kind: 'text' });
  });
});
