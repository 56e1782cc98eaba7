import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataProfile } from '@shared/project';
import { ingestFile } from '../ingest/ingest-file';
import { profileDataset } from '../profile/profile-dataset';
import { STATIC_CONTEXTS } from './fixtures/contexts';
import { goalContextFromProfile, parseGoal, suggestTarget, type GoalContext } from './parse-goal';
import { PHRASINGS } from './phrasing-table';

const SAMPLES = resolve(__dirname, '../../../resources/samples');
const contexts: Record<string, GoalContext | undefined> = { ...STATIC_CONTEXTS, none: undefined };
const profiles: Record<string, DataProfile> = {};
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'goal-'));
  for (const name of ['boston-housing', 'penguins', 'us-births-daily', 'cps-wages-1985', 'sotu-sentences']) {
    const info = await ingestFile(join(SAMPLES, `${name}.csv`), join(dir, name));
    profiles[name] = await profileDataset(info.path, {}, { signal: new AbortController().signal, emit: () => {} });
    contexts[name] = goalContextFromProfile(profiles[name]);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('phrasing table', () => {
  it('has at least 60 phrasings over at least 8 datasets', () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(PHRASINGS.map((p) => p.data)).size).toBeGreaterThanOrEqual(8);
  });

  it.each(PHRASINGS.map((p) => [`${p.data}: "${p.goal}"`, p] as const))('%s', (_label, p) => {
    const intent = parseGoal(p.goal, contexts[p.data]);
    expect(intent.task).toBe(p.task);
    if (p.target !== undefined) expect(intent.target).toBe(p.target);
    if (p.horizon !== undefined) expect(intent.horizon).toBe(p.horizon);
    if (p.k !== undefined) expect(intent.k).toBe(p.k);
    if (p.date !== undefined) expect(intent.date).toBe(p.date);
    if (p.textColumn !== undefined) expect(intent.textColumn).toBe(p.textColumn);
    expect(intent.confidence).toBeGreaterThan(0);
    expect(intent.confidence).toBeLessThanOrEqual(1);
    expect(intent.explanation.length).toBeGreaterThan(10);
    for (const alt of intent.alternatives) expect(alt.confidence).toBeLessThan(intent.confidence);
  });
});

describe('parseGoal details', () => {
  it('detects the daily period of the births sample and converts years to days', () => {
    expect(contexts['us-births-daily']?.period).toBe('day');
    expect(parseGoal('forecast births for the next 2 years', contexts['us-births-daily']).horizon).toBe(730);
    expect(
      parseGoal('forecast births for the next 2 years', { ...contexts['us-births-daily']!, period: 'month' }).horizon,
    ).toBe(24);
  });

  it('is sure of a clear sentence and unsure of an empty one', () => {
    const clear = parseGoal('predict the price', contexts['boston-housing']);
    expect(clear.confidence).toBeGreaterThanOrEqual(0.8);
    const empty = parseGoal('', contexts['boston-housing']);
    expect(empty.confidence).toBeLessThan(0.6);
  });

  it('offers other targets as alternatives when the wording is vague', () => {
    const intent = parseGoal('predict charges', STATIC_CONTEXTS.telco);
    const targets = [intent.target, ...intent.alternatives.map((a) => a.target)];
    expect(targets).toContain('MonthlyCharges');
    expect(targets).toContain('TotalCharges');
    expect(intent.confidence).toBeLessThan(0.9);
  });

  it('takes a column named verbatim, even a generic one', () => {
    const ctx: GoalContext = {
      columns: [
        { name: 'column0', kind: 'numeric', distinct: 300 },
        { name: 'column1', kind: 'categorical', distinct: 3 },
        { name: 'column2', kind: 'numeric', distinct: 200 },
      ],
    };
    expect(parseGoal('predict column0', ctx).target).toBe('column0');
    expect(parseGoal('predict column2 from column0', ctx).target).toBe('column2');
    expect(
      parseGoal('Predict SalePrice', {
        columns: [
          { name: 'LotArea', kind: 'numeric' },
          { name: 'SalePrice', kind: 'numeric' },
        ],
      }).target,
    ).toBe('SalePrice');
  });

  it('keeps the words that named the target', () => {
    expect(parseGoal('predict house prices').targetWords).toEqual(['house', 'prices']);
  });

  it('suggests a target from a profile', () => {
    expect(suggestTarget(profiles['boston-housing'])).toBe('price');
    expect(suggestTarget(profiles['penguins'])).toBe('species');
    expect(suggestTarget(profiles['cps-wages-1985'])).toBe('wage');
  });
});
