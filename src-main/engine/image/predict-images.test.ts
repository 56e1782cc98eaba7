import { describe, expect, it } from 'vitest';
import { predictionsCsv } from './predict-images';

describe('predictionsCsv', () => {
  it('writes file,prediction,proba_<class> rows with quoting', () => {
    const csv = predictionsCsv([{ file: 'a,b.png', prediction: 'cat', probabilities: [0.75, 0.25] }], ['cat', 'dog']);
    expect(csv).toBe('file,prediction,proba_cat,proba_dog\n"a,b.png",cat,0.75,0.25\n');
  });
});
