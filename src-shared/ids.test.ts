import { describe, expect, it } from 'vitest';
import { isModelId, isProjectId } from './ids';

describe('id shapes', () => {
  it('accepts the ids the app creates and refuses anything that could leave its folder', () => {
    expect(isProjectId('p-m1x2y3z4-1a2b3c4d')).toBe(true);
    for (const bad of ['', 'ab', '../x', 'P-ABC', 'a/b', 'x'.repeat(65), 'a b', 42, null])
      expect(isProjectId(bad), String(bad)).toBe(false);
    for (const good of ['price-regression', 'diamonds.v2', 'a', 'births_forecast-3'])
      expect(isModelId(good)).toBe(true);
    for (const bad of ['', '.', '..', '-x', 'Price', 'a/b', 'a\\b', 'con', 'lpt1.txt', 'x.', 'x'.repeat(65), undefined])
      expect(isModelId(bad), String(bad)).toBe(false);
  });
});
