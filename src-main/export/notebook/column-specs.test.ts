import { describe, expect, it } from 'vitest';
import { fixturePipelines } from '../../engine/onnx/fixtures/pipelines';
import { makeTable } from '../../engine/onnx/fixtures/synthetic-data';
import type { SinglePipeline } from '../../engine/pipeline/types';
import { columnSpecs } from './column-specs';
import { preprocessorCode } from './preprocess-code';
import { planOf } from './test-support';

describe('columnSpecs', () => {
  // lubridate's Lakers shots: an ensemble's logistic member took the date as a number; its notebook preprocessor
  // ran a median imputer on the date text ("could not convert string to float: '2008-10-28'").
  it("keeps a linear model's date trend a date column, turned into days since 1970 before imputing", () => {
    const train = makeTable(200, 21);
    const fitted = fixturePipelines(train, 'binary').logistic as SinglePipeline;
    // What fit-steps.ts gives a linear model for a date: its timestamp as an imputed, scaled number with a flag.
    const p: SinglePipeline = {
      ...fitted,
      steps: [
        ...fitted.steps.filter((s) => s.column !== 'when'),
        { kind: 'numeric', column: 'when', impute: 0, center: 1e12, scale: 4e11, indicator: true },
      ],
    };
    const plan = planOf(
      [
        ['x1', 'numeric'],
        ['when', 'datetime', { scale: 'none' }],
        ['label', 'categorical'],
      ],
      'label',
    );
    const when = columnSpecs(plan, p, 'label').find((s) => s.name === 'when');
    expect(when).toMatchObject({
      input: 'datetime',
      treatment: { kind: 'numeric', scale: 'standard', fromDate: true },
    });
    const code = preprocessorCode('make_preprocessor', [when!]);
    expect(code).toContain(
      `Pipeline([("days", FunctionTransformer(datetime_parts, kw_args={'parts': ['epoch_days']})), ("impute", SimpleImputer(strategy="median"`,
    );
    expect(code).toContain('StandardScaler()');
  });
});
