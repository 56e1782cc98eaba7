import type { RegistryModel } from '@shared/channels';
import { describe, expect, it } from 'vitest';
import { fitOf, headerColumns, pickable, shapeOfName } from './model-fit';

const model = (modelId: string, input: RegistryModel['input']): RegistryModel => ({
  modelId,
  versions: [{ version: 1, createdAt: 0, task: 'regression', target: null }],
  activeVersion: 1,
  input,
});

describe('which models the Predict screen offers for a file', () => {
  const houses = model('price-regression', { kind: 'table', columns: ['rooms', 'tax_rate'] });
  const images = model('fashion-classifier', { kind: 'images', classes: ['boot', 'sneaker'] });
  const births = model('births-forecast', { kind: 'history', dateColumn: 'date', target: 'births', horizon: 14 });
  const csv = { kind: 'table' as const, columns: headerColumns('"rooms",tax_rate,price\r') };

  it('reads the kind and the header of a file', () => {
    expect(shapeOfName('new.csv')).toBe('table');
    expect(shapeOfName('shoes.zip')).toBe('images');
    expect(headerColumns('\uFEFFa;b;"c d"')).toEqual(['a', 'b', 'c d']);
    expect(headerColumns('date\tbirths')).toEqual(['date', 'births']);
  });

  it('hides image models for a CSV and names the columns a table model misses', () => {
    expect(fitOf(images.input, csv)).toEqual({ ok: false, hidden: true, reason: 'needs images' });
    expect(fitOf(houses.input, csv)).toEqual({ ok: true });
    expect(fitOf(births.input, csv)).toEqual({ ok: false, hidden: false, reason: 'this file has no date, births' });
    const { shown, hidden } = pickable([births, images, houses], csv);
    expect(shown.map((s) => s.model.modelId)).toEqual(['price-regression', 'births-forecast']);
    expect(hidden).toBe(1);
  });

  it('offers only image models for a zip of pictures, and everything before a file is chosen', () => {
    expect(pickable([houses, images], { kind: 'images', columns: null }).shown.map((s) => s.model.modelId)).toEqual([
      'fashion-classifier',
    ]);
    expect(pickable([houses, images], null).shown).toHaveLength(2);
  });
});
