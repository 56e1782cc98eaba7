import { describe, expect, it } from 'vitest';
import { metricText, metricValue } from './metric-text';

describe('metric text', () => {
  it('uses the shared label when there is one', () => {
    expect(metricText('accuracy')).toBe('Accuracy');
    expect(metricValue('accuracy', 0.92)).toBe('92.0%');
  });

  it('names analytics metrics', () => {
    expect(metricText('association')).toBe('Association');
    expect(metricText('missing_rate')).toBe('Missing cells');
    expect(metricText('some_new_thing')).toBe('Some new thing');
  });

  it('shows the missing-cell rate as a percentage', () => {
    expect(metricValue('missing_rate', 0.00789)).toBe('0.8%');
    expect(metricValue('missing_rate', 0.25)).toBe('25.0%');
    expect(metricValue('missing_rate', undefined)).toBe('–');
  });
});
