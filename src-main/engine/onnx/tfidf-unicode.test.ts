import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { transformFeatures } from '../pipeline/predict';
import type { FeatureStep, SinglePipeline } from '../pipeline/types';
import { makeFeeds } from '../predict/ort-session';
import { fitTfidf } from '../preprocess/text';
import { GraphBuilder, T } from './graph-builder';
import { featureMatrix } from './steps-to-onnx';

// Short texts in many scripts: Latin with accents, Polish, Turkish (İ lower-cases outside ASCII), Cyrillic, Greek,
// Hindi (vowel signs are combining marks), Chinese, Japanese, an astral-plane letter, emoji and upper-case
// non-ASCII words (only A-Z change case, as onnxruntime's StringNormalizer in locale "C").
const DOCS = [
  'Café fermé à 18h',
  'Pełna szerokość ekranu',
  'İrlandaca dil desteği',
  'Сохранить файл как…',
  'СОХРАНИТЬ всё',
  'Αποθήκευση αρχείου',
  'फ़ाइल सहेजें',
  '保存文件',
  'ファイルを保存',
  '𠀋𠀋 rare letters 𠀋',
  'great 👍 Straße',
  'Größe ändern, café',
  'Сохранить настройки',
  'Αποθήκευση ρυθμίσεων',
  'फ़ाइल खोलें',
  '保存设置',
  null,
  '',
];

function pipeline(steps: FeatureStep[]): SinglePipeline {
  return {
    kind: 'single',
    task: 'regression',
    target: 'y',
    inputs: [{ name: 'note', kind: 'text' }],
    steps,
    featureNames: steps.flatMap((s) => (s.kind === 'tfidf' ? s.vocabulary : [])),
    model: { family: 'ridge', coef: [[]], intercept: [0], link: 'identity' },
  };
}

function unicodeSteps(): FeatureStep[] {
  const rows = Int32Array.from(DOCS.keys());
  return (
    [
      { ngram: [1, 2], analyzer: 'word' },
      { ngram: [2, 5], analyzer: 'char_wb' },
    ] as const
  ).map(({ ngram, analyzer }) => {
    const spec = { ngram: [...ngram] as [number, number], analyzer, maxTokens: 200, tokens: 'unicode' as const };
    const { vocabulary, idf } = fitTfidf(DOCS, rows, { ...spec, maxFeatures: 5000, minDf: 1 });
    return { kind: 'tfidf' as const, column: 'note', vocabulary, idf, sublinear: true, ...spec };
  });
}

describe('TF-IDF over text in any script', () => {
  it('reads letters of every script as words, lower-casing only A-Z', () => {
    const [words] = unicodeSteps() as Array<Extract<FeatureStep, { kind: 'tfidf' }>>;
    for (const term of [
      'café',
      'szerokość',
      'Сохранить',
      'СОХРАНИТЬ',
      'Αποθήκευση',
      'फ़ाइल',
      '保存文件',
      '𠀋𠀋',
      'straße',
    ])
      expect(words.vocabulary, term).toContain(term);
    expect(words.vocabulary).not.toContain('caf');
    expect(words.vocabulary.some((t) => t.includes('👍'))).toBe(false);
  });

  it('gives the same features in ONNX as in the app, bit for bit', async () => {
    const p = pipeline(unicodeSteps());
    const g = new GraphBuilder(['note']);
    const inputs = new Map([['note', g.addInput('note', T.STRING, ['N', 1])]]);
    g.node('Identity', [featureMatrix(g, p, inputs)], {}, { output: 'X' });
    g.addOutput('X', T.DOUBLE, ['N', p.featureNames.length]);
    const session = await ort.InferenceSession.create(g.toBytes({ graphName: 'tfidf' }), { intraOpNumThreads: 1 });
    const cols = { note: DOCS };
    const got = (await session.run(makeFeeds(p.inputs, cols, DOCS.length))).X.data as Float64Array;
    const want = transformFeatures(p, cols, DOCS.length);
    expect(got.length).toBe(want.length);
    let differing = 0;
    for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) differing++;
    expect(differing).toBe(0);
    // Every non-empty document has features (Cyrillic, Greek, CJK and Hindi had none with ASCII tokens).
    const width = p.featureNames.length;
    DOCS.forEach((d, r) => {
      const nonzero = want.subarray(r * width, (r + 1) * width).some((v) => v !== 0);
      expect(nonzero, String(d)).toBe(Boolean(d));
    });
  });

  it('keeps reading a saved model without `tokens` as before (ASCII runs)', () => {
    const step: FeatureStep = {
      kind: 'tfidf',
      column: 'note',
      vocabulary: ['caf', 'ferm'],
      idf: [1, 1],
      ngram: [1, 1],
    };
    const X = transformFeatures(pipeline([step]), { note: ['Café fermé'] }, 1);
    expect(X[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(X[1]).toBeCloseTo(Math.SQRT1_2, 12);
  });
});
