import { describe, expect, it } from 'vitest';
import { parseGoal, type GoalContext } from './parse-goal';
import { beps, cat, college, diamantes, diamonds, mpg, num, wahl } from './fixtures/session-tables';

describe('inputs the goal names beside its target', () => {
  it('takes "from A and B" as the only inputs and "without using x, y and z" as left out', () => {
    const intent = parseGoal('predict price from carat and clarity, without using x, y and z', diamonds);
    expect(intent).toMatchObject({ task: 'regression', target: 'price' });
    expect(intent.inputs).toEqual({ only: ['carat', 'clarity'], without: ['x', 'y', 'z'] });
    expect(intent.explanation).toMatch(/from 'carat' and 'clarity' only/);
  });

  it('reads left-out columns after ignoring/except/not counting, and never as the target', () => {
    // "not counting city mileage" trained `cty` on ggplot2 mpg: its words weighed as the target's.
    expect(parseGoal('how many miles per gallon on the highway, not counting city mileage', mpg)).toMatchObject({
      task: 'regression',
      target: 'hwy',
    });
    const ignoring = parseGoal('price of diamonds, ignoring the dimensions x y z', diamonds);
    expect(ignoring).toMatchObject({ target: 'price', inputs: { without: ['x', 'y', 'z'] } });
    expect(ignoring.explanation).toMatch(/except 'x', 'y' and 'z'/);
    // `y` looks like an outcome by its name, but the sentence left it out: not offered as another reading.
    const sell = parseGoal('what would a diamond sell for, without using x, y and z', diamonds);
    expect(sell).toMatchObject({ target: 'price', inputs: { without: ['x', 'y', 'z'] } });
    expect(sell.alternatives.map((a) => a.target)).not.toContain('y');
    // "sell for" asks an amount: confident enough not to ask (it asked at 0.50 before).
    expect(sell.confidence).toBeGreaterThanOrEqual(0.6);
    expect(parseGoal('what party will a voter choose, not counting their views on Europe', beps)).toMatchObject({
      target: 'vote',
      inputs: { without: ['Europe'] },
    });
    expect(parseGoal('predict the vote except gender', beps).inputs).toEqual({ without: ['gender'] });
  });

  it('restricts nothing when a listed item names no column or names the rows', () => {
    for (const goal of [
      'predict the vote using all the other columns',
      'from the survey answers, predict the vote',
      'predict the vote from age and the weather',
      'which voters with high age will vote Labour',
    ])
      expect(parseGoal(goal, beps).inputs, goal).toBeUndefined();
  });

  it('reads a question with its inputs: "tell someone\'s vote from their age and gender"', () => {
    expect(parseGoal("is it possible to tell someone's vote from their age and gender", beps)).toMatchObject({
      target: 'vote',
      inputs: { only: ['age', 'gender'] },
    });
  });

  it('does not take the column a negated clause names as the target', () => {
    expect(parseGoal("don't predict wage; predict education from score and distance", college)).toMatchObject({
      target: 'education',
      inputs: { only: ['score', 'distance'] },
    });
    expect(parseGoal('predict education rather than wage', college).target).toBe('education');
  });
});

describe('input lists written as ranges, with "leave out", and with "to" inside an item', () => {
  const vowel: GoalContext = {
    rows: 990,
    columns: [...Array.from({ length: 10 }, (_, i) => num(`V${i + 1}`)), cat('Class', ['hid', 'hId', 'hEd', 'hAd'])],
  };

  it('reads "from V2 to V5" as the columns V2..V5 in file order (it trained V5 on V2 before)', () => {
    expect(parseGoal('predict Class from V2 to V5', vowel)).toMatchObject({
      task: 'classification',
      target: 'Class',
      inputs: { only: ['V2', 'V3', 'V4', 'V5'] },
    });
  });

  it('reads "leave out table and depth" as left-out inputs (it trained `table`)', () => {
    expect(parseGoal('price — leave out table and depth', diamonds)).toMatchObject({
      target: 'price',
      inputs: { without: ['table', 'depth'] },
    });
  });

  it('ends an input list at "to" only before a task verb', () => {
    expect(parseGoal('use age and gender to predict the vote', beps)).toMatchObject({
      target: 'vote',
      inputs: { only: ['age', 'gender'] },
    });
    // "distance to college" is one input, so "college" is not read as a target word.
    expect(
      parseGoal("can we tell a student's years of schooling from their score and distance to college", college).target,
    ).toBe('education');
  });
});

describe('questions phrased the way people ask them (session 11)', () => {
  it('reads "what would a diamond sell for" as its price', () => {
    expect(parseGoal('what would a diamond sell for given its carat, cut and colour?', diamonds)).toMatchObject({
      task: 'regression',
      target: 'price',
      inputs: { only: ['carat', 'cut', 'color'] },
    });
  });

  it('reads the task from the words outside input lists, and a question behind "tell me"', () => {
    // "score" in the input list made it a regression of `age` before.
    expect(parseGoal('Which party? Use age, gender and the Europe score only.', beps)).toMatchObject({
      task: 'classification',
      target: 'vote',
    });
    const vowel: GoalContext = {
      rows: 990,
      columns: [num('V1'), num('V2'), cat('Class', ['hid', 'hId', 'hEd', 'hAd'])],
    };
    // A summary before: the request around the question hid it.
    expect(parseGoal('tell me which vowel this is', vowel)).toMatchObject({ task: 'classification', target: 'Class' });
    expect(parseGoal('tell me about the data', vowel).task).toBe('summary');
  });

  it('reads "well segmented" as a quality of the rows, not a request to segment them', () => {
    const cells: GoalContext = {
      rows: 2019,
      columns: [cat('case', ['Train', 'Test']), cat('class', ['PS', 'WS']), num('area_ch_1'), num('angle_ch_1')],
    };
    for (const goal of ['is the cell well segmented', 'which cells are poorly segmented (PS) vs well segmented'])
      expect(parseGoal(goal, cells), goal).toMatchObject({ task: 'classification', target: 'class' });
    expect(parseGoal('segment the cells into 3 groups', cells)).toMatchObject({ task: 'segment', k: 3 });
  });

  it('does not forecast the `year` column because the horizon is "next year"', () => {
    const tx: GoalContext = {
      rows: 8602,
      period: 'month',
      columns: [
        cat('city', ['Abilene', 'Amarillo', 'Austin']),
        num('year', 16, true),
        num('sales', 2000, true),
        num('volume'),
        num('median'),
        { name: 'date', kind: 'datetime' },
      ],
    };
    expect(parseGoal('how many homes will sell next year', tx)).toMatchObject({
      task: 'forecast',
      target: 'sales',
      horizon: 12,
    });
  });
});

describe('an inputs-only list restricts the columns only when every word names one', () => {
  const churn: GoalContext = {
    rows: 5000,
    columns: [
      cat('churn', ['yes', 'no']),
      num('usage'),
      num('tenure'),
      cat('contract', ['monthly', 'yearly']),
      num('monthly_charges'),
      num('year', 10, true),
    ],
  };
  it('does not take "from last year" or "from their usage data" as the only inputs', () => {
    for (const goal of ['predict churn from last year', 'predict whether a customer churns from their usage data'])
      expect(parseGoal(goal, churn).inputs, goal).toBeUndefined();
  });
  it('still takes columns the list names word for word', () => {
    expect(parseGoal('predict churn using monthly charges and tenure', churn).inputs).toEqual({
      only: ['monthly_charges', 'tenure'],
    });
  });
});

describe('an input named by words run together in its column name', () => {
  // AER STAR (session 12): "without the school id columns" left out `school3` (rural/suburban ...), not `schoolid3`.
  const star: GoalContext = {
    rows: 6000,
    columns: [
      num('read3'),
      num('math3'),
      cat('school3', ['rural', 'suburban', 'inner-city', 'urban']),
      num('schoolid3', 74, true),
      cat('gender', ['male', 'female']),
    ],
  };

  it('takes the column whose name is the words run together over one that says only the first', () => {
    expect(parseGoal('predict reading score without the school id columns', star).inputs).toEqual({
      without: ['schoolid3'],
    });
    expect(parseGoal('predict read3 from school id and gender', star).inputs).toEqual({
      only: ['schoolid3', 'gender'],
    });
    expect(parseGoal('predict reading score without school', star).inputs).toEqual({ without: ['school3'] });
  });
});

describe('goals in Spanish, German and French over columns named in those languages', () => {
  it('reads "sin usar" / "ohne" / "sans" as left-out inputs, never as the target', () => {
    // Before: 'estimar el precio sin usar x, y, z' trained the column z; 'klassifiziere die Stimme ohne Europa' Europa.
    expect(parseGoal('estimar el precio sin usar x, y, z', diamantes)).toMatchObject({
      task: 'regression',
      target: 'precio',
      inputs: { without: ['x', 'y', 'z'] },
    });
    expect(parseGoal('klassifiziere die Stimme ohne Europa', wahl)).toMatchObject({
      task: 'classification',
      target: 'Stimme',
      inputs: { without: ['Europa'] },
    });
    expect(parseGoal('prédire le precio sans profundidad', diamantes)).toMatchObject({
      target: 'precio',
      inputs: { without: ['profundidad'] },
    });
  });

  it('reads the task verbs of those languages as a request to predict, confidently', () => {
    for (const goal of ['predecir el precio', 'Vorhersage der Stimme', 'prévoir le precio']) {
      const intent = parseGoal(goal, goal.includes('Stimme') ? wahl : diamantes);
      expect(intent.target, goal).toBe(goal.includes('Stimme') ? 'Stimme' : 'precio');
      expect(intent.confidence, goal).toBeGreaterThanOrEqual(0.6);
    }
    expect(parseGoal('Vorhersage der Stimme anhand Alter und Geschlecht', wahl).inputs).toEqual({
      only: ['Alter', 'Geschlecht'],
    });
    // Where a column is called `y`, "y" names it ("quilates y corte" stays three names, as "x, y and z" does).
    expect(parseGoal('predecir el precio usando quilates y corte', diamantes).inputs?.only).toEqual([
      'quilates',
      'y',
      'corte',
    ]);
  });
});
