import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataProfile } from '@shared/project';
import { profileCsvIn } from './test-helpers';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leakage-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const profileCsv = (name: string, csv: string, target: string) => profileCsvIn(dir, name, csv, target);
const leaks = (p: DataProfile) => p.warnings.filter((w) => w.startsWith('Possible leakage'));

describe('findLeaks', () => {
  it('flags a leaking column for a class target and for a numeric target, and heavy imbalance', async () => {
    const lines = ['x,noise,outcome_code,label'];
    for (let i = 0; i < 600; i++) {
      const label = i % 25 === 0 ? 'rare' : 'common';
      lines.push(`${(i * 13) % 97},${(i * 7) % 5},${label === 'rare' ? 'R' : 'C'},${label}`);
    }
    const p = await profileCsv('leak.csv', lines.join('\n') + '\n', 'label');
    expect(p.warnings.some((w) => w.startsWith("Possible leakage: 'outcome_code'"))).toBe(true);
    expect(p.warnings.some((w) => w.includes("'x'"))).toBe(false);
    expect(p.warnings.some((w) => w.startsWith('Imbalanced target'))).toBe(true);

    const num = ['a,b,y'];
    for (let i = 0; i < 300; i++) num.push(`${(i * 17) % 101},${i * 2 + 1},${i}`);
    const q = await profileCsv('leak-num.csv', num.join('\n') + '\n', 'y');
    expect(q.warnings.some((w) => w.startsWith("Possible leakage: 'b'"))).toBe(true);
    // Said for any task: a forecast is backtested from several points, not cross-validated (fresh, session 12).
    const small = q.warnings.find((w) => w.startsWith('Small dataset'));
    expect(small).toMatch(/several splits of the rows \(a forecast: from several points in its history\)/);
    expect(small).not.toMatch(/cross-validation will be used/);
  });

  it('flags two follow-up times that are equal exactly when the event did not happen (survival::rotterdam)', async () => {
    // rtime (to recurrence or last visit) = dtime (to death or last visit) on 97% of rows without recurrence, 1% of
    // those with it; neither time alone sorts the classes. Before: no warning, and a 95% accurate model of 'recur'.
    const lines = ['age,rtime,dtime,recur'];
    for (let i = 0; i < 400; i++) {
      const recur = i % 2 === 0 ? 1 : 0;
      const dtime = 300 + ((i * 389) % 5000);
      const equal = recur === 0 ? i % 33 !== 1 : i % 100 === 0;
      const rtime = equal ? dtime : Math.max(1, dtime - 100 - ((i * 97) % 2000));
      lines.push(`${40 + (i % 45)},${rtime},${dtime},${recur}`);
    }
    const p = await profileCsv('follow-up.csv', lines.join('\n') + '\n', 'recur');
    expect(leaks(p)).toEqual([
      expect.stringMatching(
        /^Possible leakage: 'rtime' predicts the target almost perfectly \(where it equals 'dtime' the row is '0', elsewhere '1': that rule gets 9\d\.\d% of rows right/,
      ),
    ]);
  });

  it('flags a two-class target cut from a number at any value, not only at a bin edge', async () => {
    // Like MASS::birthwt: low = birth weight under 2500 g, with `bwt` left in the table. The cut falls inside
    // one of the 20 equal-width bins, so bins alone see ~93% right; one cut sees 100%.
    const lines = ['bwt,lwt,low'];
    for (let i = 0; i < 200; i++) {
      const bwt = 709 + ((i * 523) % 4281);
      const lwt = 90 + ((i * 37) % 160);
      // `lwt` also says something (heavier mothers, fewer low weights) but far from perfectly.
      lines.push(`${bwt},${lwt},${bwt < 2500 ? 1 : 0}`);
    }
    const p = await profileCsv('cut-leak.csv', lines.join('\n') + '\n', 'low');
    expect(p.warnings.filter((w) => w.startsWith('Possible leakage'))).toEqual([
      expect.stringContaining("'bwt' predicts the target almost perfectly (alone it gets 100.0% of rows right"),
    ]);
  });

  it('flags a number whose one side of a cut is one class only and holds nearly all of it (AER CreditCard)', async () => {
    // card = yes on 300 of 400 rows; expenditure is above 0 only for cardholders (292 of them: 97.3%), so one cut
    // gets 98% right (under the 99% the two-sided rule asks) while its other side mixes 100 no with 8 yes.
    // `income` also has a one-class side (above 60: all yes) but it holds only ~60% of the yes rows: a real signal.
    const lines = ['income,expenditure,age,card'];
    for (let i = 0; i < 400; i++) {
      const yes = i % 4 !== 0;
      const spends = yes && i % 50 !== 1;
      const income = yes && i % 5 < 3 ? 61 + (i % 40) : 20 + ((i * 7) % 41);
      lines.push(`${income},${spends ? 10 + ((i * 37) % 500) : 0},${20 + (i % 45)},${yes ? 'yes' : 'no'}`);
    }
    expect(leaks(await profileCsv('creditcard-like.csv', lines.join('\n') + '\n', 'card'))).toEqual([
      "Possible leakage: 'expenditure' predicts the target almost perfectly (every row with 'expenditure' above 0 has " +
        "'yes' (97.3% of all 'yes' rows); alone it gets 98.0% of rows right; always guessing the commonest class gets " +
        '75.0%). If it is only known after the outcome, drop it.',
    ]);
  });

  it('leaves strong real signals alone: one-class categories (mushroom odour), a one-class side under 95%', async () => {
    // Like mushroom odour: 97% of poisonous rows have an odour no edible one has, yet 'none' mixes both (98.5% right).
    // `spores` is above 5 only for edible rows, but that holds 90% of them.
    const lines = ['odour,spores,cap,class'];
    for (let i = 0; i < 1000; i++) {
      const edible = i % 2 === 0;
      const odour = edible
        ? i % 5 === 0
          ? 'none'
          : i % 4 === 0
            ? 'almond'
            : 'anise'
        : i % 100 < 97
          ? i % 4 === 1
            ? 'foul'
            : 'fishy'
          : 'none';
      const spores = edible && i % 10 !== 2 ? 5.5 + (i % 13) : edible ? (i / 2) % 6 : i % 6;
      lines.push(`${odour},${spores},c${i % 6},${edible ? 'edible' : 'poisonous'}`);
    }
    const p = await profileCsv('mushroom-like.csv', lines.join('\n') + '\n', 'class');
    expect(p.target?.classes?.map((c) => c.count)).toEqual([500, 500]);
    expect(leaks(p)).toEqual([]);
  });
});
