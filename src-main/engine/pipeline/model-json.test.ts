import { describe, expect, it } from 'vitest';
import type { DataProfile } from '@shared/project';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { buildModelJson, parseModelJson, slugId } from './model-json';

describe('buildModelJson', () => {
  it('derives schema, classes, preprocessing and the ONNX contract from the pipeline', () => {
    const p = fixturePipelines(makeTable(300, 1), 'multiclass').ensemble;
    const profile = {
      rows: 300,
      columns: [
        // As if the file had 'City' before 'city' (the app's 'city'), and 'Y' before the target 'y'.
        { name: 'city', written: 'city ', kind: 'categorical', dbType: 'VARCHAR' },
        { name: 'when', kind: 'datetime', dbType: 'VARCHAR', dateFormat: '%d/%m/%Y' },
        { name: 'y', written: 'Y', kind: 'categorical', dbType: 'VARCHAR' },
      ],
    } as unknown as DataProfile;
    const m = buildModelJson({
      appVersion: '1.2.3',
      task: 'classification',
      pipeline: p,
      family: 'ensemble',
      metrics: { primary: 'accuracy', test: { accuracy: 0.9 } },
      trainingData: { rows: 300, columns: 8, profile },
      trainingSeconds: 4.5,
      createdAt: Date.UTC(2026, 0, 2),
    });
    expect(m).toMatchObject({
      formatVersion: 1,
      appVersion: '1.2.3',
      version: 1,
      createdAt: '2026-01-02T00:00:00.000Z',
      task: 'classification',
      pipelineTask: 'multiclass',
      target: 'y',
      targetWritten: 'Y',
      classes: ['low', 'mid', 'high'],
    });
    // The name as written in the file beside the app's (the ONNX input's) name.
    expect(m.features.find((f) => f.name === 'city')).toMatchObject({ name: 'city', written: 'city ' });
    expect(m.onnx.inputs.find((i) => i.name === 'city')).toBeDefined();
    expect(m.modelId).toBe('y-ensemble');
    expect(m.features.find((f) => f.name === 'when')).toEqual({
      name: 'when',
      kind: 'datetime',
      onnxType: 'double',
      dbType: 'VARCHAR',
      dateFormat: '%d/%m/%Y',
    });
    expect(m.features.find((f) => f.name === 'note')?.onnxType).toBe('string');
    expect(m.onnx.outputs.map((o) => [o.name, o.type, o.shape])).toEqual([
      ['prediction', 'tensor(string)', ['N']],
      ['probabilities', 'tensor(double)', ['N', 3]],
    ]);
    expect(m.preprocessing.some((s) => s.step === 'tfidf' && /TF-IDF over 19 terms/.test(s.detail))).toBe(true);
    // What is written is what is read back.
    expect(parseModelJson(JSON.stringify(m), 'test')).toEqual(m);
  });

  it('makes safe model ids from words', () => {
    expect(slugId('Sale Price (€)', 'gradient_boosting')).toBe('sale-price-gradient-boosting');
    expect(slugId('***')).toBe('model');
    expect(slugId('gekündigt', 'classification')).toBe('gekundigt-classification');
    expect(slugId('Café Crème')).toBe('cafe-creme');
  });
});
