import { describe, expect, it } from 'vitest';
import { en } from './en';
import { stringsFor } from './index';

describe('strings', () => {
  it('picks a shipped language by its primary subtag and falls back to English', () => {
    expect(stringsFor('en-GB')).toBe(en);
    expect(stringsFor('de-DE')).toBe(en);
    expect(stringsFor(undefined)).toBe(en);
    expect(en.chart.moreRows('1,200')).toBe('1,200 more rows are not listed.');
    expect(en.steps.status.waiting_confirmation).toBe('Needs you');
  });
});
