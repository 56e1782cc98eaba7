/**
 * The char-only text recipe (`text: 'chars'` on a linear model) from the real trainer: the pipeline reads char_wb
 * n-grams alone, learns the party of State of the Union sentences better than the majority class, and its ONNX
 * export gives the in-app probabilities on every row.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFrame } from '../frame/load-frame';
import { predictPipeline } from '../pipeline/predict';
import type { Columns, FittedPipeline } from '../pipeline/types';
import { openSession, runSession } from '../predict/ort-session';
import { runConfig } from '../tabular/evaluate';
import { roomyContext, tableData } from '../tabular/test-data';
import { compare } from './fixtures/parity';
import { pipelineToOnnx } from './pipeline-to-onnx';

const SOTU = join(__dirname, '../../../resources/samples/sotu-sentences.csv');
const dir = mkdtempSync(join(tmpdir(), 'text-chars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every fourth sentence (all years and parties, a quarter of the fit's time). One sentence per line in the file. */
function sample(): string {
  const lines = readFileSync(SOTU, 'utf8').trim().split('\n');
  const path = join(dir, 'sotu-quarter.csv');
  writeFileSync(path, [lines[0], ...lines.slice(1).filter((_, i) => i % 4 === 0)].join('\n') + '\n');
  return path;
}

describe('char n-gram text recipe', () => {
  it('trains on char_wb n-grams alone and exports to ONNX with the same predictions', async () => {
    const frame = await loadFrame(sample(), { columns: ['sentence', 'party'], kinds: { sentence: 'text' } });
    const data = { ...tableData(frame, 'party', 'classification'), hasText: true };
    const trial = await runConfig(data, 'logistic', { C: 10, text: 'chars' }, roomyContext());
    const p: FittedPipeline = trial.pipeline;
    const singles = p.kind === 'ensemble' ? p.members.map((m) => m.pipeline) : [p];
    for (const s of singles) {
      const text = s.steps.filter((st) => st.kind === 'tfidf');
      expect(text.length).toBe(1);
      expect(text.map((st) => (st.kind === 'tfidf' ? st.analyzer : ''))).toEqual(['char_wb']);
    }

    // Better than always answering the most frequent party on the test rows.
    const y = data.target.info.y;
    const test = data.split.test;
    const k = data.target.info.nClasses;
    const counts = new Array<number>(k).fill(0);
    for (const r of test) counts[y[r]]++;
    let right = 0;
    test.forEach((r, i) => {
      const row = trial.testPred.subarray(i * k, (i + 1) * k);
      if (row.indexOf(Math.max(...row)) === y[r]) right++;
    });
    expect(right / test.length).toBeGreaterThan(Math.max(...counts) / test.length + 0.05);

    const cols: Columns = Object.fromEntries(frame.columns.map((c) => [c.name, c.values]));
    const bytes = pipelineToOnnx(p);
    const viaOnnx = await runSession(await openSession(bytes), p.inputs, cols, frame.nRows);
    const { maxAbs, labelMismatches } = compare(viaOnnx, predictPipeline(p, cols));
    expect(labelMismatches).toBe(0);
    expect(maxAbs).toBeLessThanOrEqual(1e-9);
  }, 240_000);
});
