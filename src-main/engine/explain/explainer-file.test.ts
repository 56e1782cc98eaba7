import { describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { buildBackground } from './background';
import { parseExplainerFile, type ExplainerFile } from './explainer-file';

const train = makeTable(120, 5);

function fileOf(family: 'gradient_boosting' | 'logistic' | 'mlp'): ExplainerFile {
  const p = fixturePipelines(train, 'binary')[family];
  return { formatVersion: 1, pipeline: p, background: buildBackground(p, train.cols, train.n) };
}

function refusal(text: string, inputs?: string[]): string {
  try {
    parseExplainerFile(text, inputs);
  } catch (e) {
    expect(e).toBeInstanceOf(CodedError);
    return (e as CodedError).code;
  }
  return 'accepted';
}

describe('explainer.json', () => {
  it('reads back what was written, for trees, linear and sampled models', () => {
    for (const family of ['gradient_boosting', 'logistic', 'mlp'] as const) {
      const f = fileOf(family);
      const back = parseExplainerFile(
        JSON.stringify(f),
        f.pipeline.inputs.map((i) => i.name),
      );
      expect(back).toEqual(JSON.parse(JSON.stringify(f)));
    }
  });

  it('refuses damaged or foreign files with one coded message', () => {
    const f = fileOf('gradient_boosting');
    const names = f.pipeline.inputs.map((i) => i.name);
    expect(refusal('{"formatVersion":1', names)).toBe('invalid-input');
    expect(refusal(JSON.stringify({ ...f, formatVersion: 2 }), names)).toBe('invalid-input');
    expect(refusal(JSON.stringify(f), [...names].reverse())).toBe('invalid-input');
    // A tree whose child points back at the root (a cycle), and one whose child is out of range.
    for (const child of [0, 10_000]) {
      const bad = structuredClone(f);
      if (bad.pipeline.kind !== 'single' || !('trees' in bad.pipeline.model)) throw new Error('fixture');
      const t = bad.pipeline.model.trees[0];
      const split = t.left.findIndex((l) => l !== -1);
      t.left[split] = child;
      expect(refusal(JSON.stringify(bad), names)).toBe('invalid-input');
    }
    // Covers for fewer trees than the model has.
    const short = structuredClone(f);
    short.background.singles[0].covers?.pop();
    expect(refusal(JSON.stringify(short), names)).toBe('invalid-input');
  });
});
