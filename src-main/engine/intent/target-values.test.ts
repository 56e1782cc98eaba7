import { describe, expect, it } from 'vitest';
import { contextFor } from './fixtures/phrasing-eval';
import { CONFIDENT, parseGoal } from './parse-goal';
import { answerShape, looksLikeYear, valueFit } from './target-values';
import { taskCues } from './task-cues';
import type { GoalColumn } from './target-match';

const names = (list: string): GoalColumn[] => list.split(' ').map((name) => ({ name }));

describe('answerShape', () => {
  it('reads yes/no questions, counts and quantities from the wording', () => {
    expect(answerShape('will the cancer progress', 'class')).toBe('yes-no');
    expect(answerShape('which customers will churn', 'class')).toBe('yes-no');
    expect(answerShape('how many times will the person visit the doctor', 'number')).toBe('count');
    expect(answerShape('how much rain will fall', 'number')).toBe('quantity');
    expect(answerShape('which species is it', 'class')).toBe('class');
  });

  it('does not read the auxiliary of a how-question as a yes/no question', () => {
    const tasks = (goal: string) => taskCues(goal).map((c) => c.task);
    expect(tasks('how many times will the person visit the doctor')).not.toContain('classification');
    expect(tasks('how much will it sell for')).not.toContain('classification');
    expect(tasks('will the customer churn')).toContain('classification');
  });
});

describe('valueFit', () => {
  it('does not take years, indexes, logs or fractions for a count', () => {
    const cols: GoalColumn[] = [
      { name: 'mdvis', kind: 'numeric', integer: true, distinct: 59, min: 0, max: 77 },
      { name: 'lncoins', kind: 'numeric', integer: false, distinct: 5, min: 0, max: 4.6 },
      { name: 'disea', kind: 'numeric', integer: false, distinct: 31, min: 0, max: 58.6 },
      { name: 'subject', kind: 'numeric', integer: true, distinct: 59, min: 1, max: 59 },
      { name: 'dxyr', kind: 'numeric', integer: true, distinct: 34, min: 1960, max: 1994 },
    ];
    const fit = (name: string): number =>
      valueFit(
        cols.find((c) => c.name === name)!,
        'count',
        cols,
        [],
      ).score;
    expect(fit('mdvis')).toBeGreaterThan(0.3);
    for (const other of ['lncoins', 'disea', 'subject', 'dxyr']) expect(fit(other)).toBeLessThan(0);
  });

  it('knows a year by its name or by whole numbers between 1800 and 2100', () => {
    expect(looksLikeYear({ name: 'year' })).toBe(true);
    expect(looksLikeYear({ name: 'sample.yr', kind: 'numeric' })).toBe(true);
    expect(looksLikeYear({ name: 'built', kind: 'numeric', integer: true, min: 1871, max: 1990 })).toBe(true);
    expect(looksLikeYear({ name: 'yearsmarried', kind: 'numeric', integer: false, min: 0.1, max: 15 })).toBe(false);
    expect(looksLikeYear({ name: 'visits', kind: 'numeric', integer: true, min: 0, max: 89 })).toBe(false);
  });

  it('ranks an event flag beside its follow-up time above other two-valued columns for a yes/no question', () => {
    const cols: GoalColumn[] = [
      { name: 'pgtime', kind: 'numeric', distinct: 84, min: 0.3, max: 17.7 },
      { name: 'pgstat', kind: 'boolean', distinct: 2, topValues: ['0', '1'] },
      { name: 'eet', kind: 'numeric', integer: true, distinct: 2, min: 1, max: 2, topValues: ['2', '1'] },
    ];
    const flag = valueFit(cols[1], 'yes-no', cols, ['cancer', 'progress']);
    const plain = valueFit(cols[2], 'yes-no', cols, ['cancer', 'progress']);
    expect(flag.score).toBeGreaterThan(plain.score);
    expect(flag.why).toContain('`pgtime`');
    expect(valueFit(cols[0], 'yes-no', cols, []).score).toBeLessThan(0);
  });
});

describe('code-named outcome columns (rpart stagec, statsmodels randhie profiled for real)', () => {
  it('reads "will the cancer progress" as the event flag pgstat, unsure so the screens ask', () => {
    const intent = parseGoal('will the cancer progress', contextFor('stagec'));
    expect(intent.task).toBe('classification');
    expect(intent.target).toBe('pgstat');
    expect(intent.confidence).toBeLessThan(CONFIDENT);
    expect(intent.why).toContain('pgtime');
  });

  it('reads "how many times will the person visit the doctor" as the count mdvis, not the log lncoins', () => {
    const intent = parseGoal('how many times will the person visit the doctor', contextFor('sm-randhie'));
    expect(intent.task).toBe('regression');
    expect(intent.target).toBe('mdvis');
    expect(intent.confidence).toBeLessThan(CONFIDENT);
  });

  it('lets a value answer overrule a modifier naming a column of the wrong kind', () => {
    // "calcium" names the amount `calc`; the yes/no question's answer is the two-valued `r`.
    const intent = parseGoal('does the urine contain calcium oxalate crystals', contextFor('urine'));
    expect([intent.task, intent.target]).toEqual(['classification', 'r']);
    expect(intent.alternatives.map((a) => a.target)).toContain('calc');
  });
});

describe('before the profile (names only)', () => {
  it('never offers a year column as an outcome', () => {
    const cols = names('pid year age meno size grade nodes pgr er hormon chemo rtime recur dtime death');
    for (const goal of ['will the cancer come back', 'predict the outcome', 'will the patient die']) {
      const intent = parseGoal(goal, { columns: cols });
      expect(intent.target).not.toBe('year');
      expect(intent.alternatives.map((a) => a.target)).not.toContain('year');
    }
  });

  it('pairs a status with its time as the file types give them (a fractional time is a number)', () => {
    const cols: GoalColumn[] = [
      { name: 'pgtime', kind: 'numeric', integer: false },
      ...names('pgstat age eet grade ploidy').map((c) => ({ ...c, integer: c.name !== 'ploidy' })),
    ];
    expect(parseGoal('will the cancer progress', { columns: cols }).target).toBe('pgstat');
  });

  it('pairs a status with its time by name alone', () => {
    const intent = parseGoal('will the cancer progress', {
      columns: names('pgtime pgstat age eet g2 grade gleason ploidy'),
    });
    expect(intent.target).toBe('pgstat');
    expect(intent.confidence).toBeLessThan(CONFIDENT);
  });
});
