import { describe, expect, it } from 'vitest';
import { englishQuestion } from './foreign-question';
import { beps, cat, college, diamantes, diamonds, num, rotterdam, wahl } from './fixtures/session-tables';
import { parseGoal } from './parse-goal';

// carData SLID (session 12).
const slid = {
  rows: 7425,
  columns: [
    num('wages'),
    num('education'),
    num('age', 60, true),
    cat('sex', ['Male', 'Female']),
    cat('language', ['English', 'Other', 'French']),
  ],
};

describe('questions asked in other languages', () => {
  it('puts the question word and the measuring verb in English, leaving every other word as written', () => {
    expect(englishQuestion('¿cuánto cuesta un diamante?')).toBe('how much cost un diamante?');
    expect(englishQuestion('wen wählen die Leute?')).toBe('who vote die Leute?');
    expect(englishQuestion('Wie viel verdient ein Arbeiter?')).toBe('how much earn ein Arbeiter?');
    expect(englishQuestion('combien coûte une maison ?')).toBe('how much cost une maison ?');
    // A question word only asks at the start of a sentence: "chi" elsewhere is a column, "who" stays English.
    expect(englishQuestion('predict chi from x')).toBe('predict chi from x');
    expect(englishQuestion('Predict price. Quanto costa una casa?')).toBe('Predict price. how much cost una casa?');
  });

  it('reads a short Spanish or German question as the numeric or categorical column it asks', () => {
    // Before: "¿cuánto cuesta un diamante?" trained `cut` ("cuesta" spelt like it) on diamonds, a summary on
    // diamantes; "wen wählen die Leute?" was a summary on both.
    expect(parseGoal('¿cuánto cuesta un diamante?', diamonds)).toMatchObject({ task: 'regression', target: 'price' });
    expect(parseGoal('¿cuánto cuesta un diamante?', diamantes)).toMatchObject({
      task: 'regression',
      target: 'precio',
    });
    expect(parseGoal('wen wählen die Leute?', beps)).toMatchObject({ task: 'classification', target: 'vote' });
    expect(parseGoal('wen wählen die Leute?', wahl)).toMatchObject({ task: 'classification', target: 'Stimme' });
    // "persona" is a person here, not the marketing word for a segment (SLID: a segmentation before).
    expect(parseGoal('¿cuánto gana una persona?', slid)).toMatchObject({ task: 'regression', target: 'wages' });
    // A question for a kind whose words name no column offers the likeliest categorical one (it was a summary).
    expect(parseGoal('welche Sprache spricht die Person?', slid)).toMatchObject({
      task: 'classification',
      target: 'language',
    });
  });
});

describe('French elision', () => {
  it("reads l'autoroute as the word autoroute", () => {
    // ggplot2 mpg with French names: "lautoroute" met `conso_autoroute` only as a part of a word (0.40, and "No
    // column called 'miles par gallon'").
    const voitures = {
      rows: 234,
      columns: [
        cat('fabricant', ['audi', 'ford']),
        num('cylindree', 35),
        num('conso_ville', 21, true),
        num('conso_autoroute', 27, true),
        cat('categorie', ['compact', 'suv', 'pickup']),
      ],
    };
    const intent = parseGoal("combien de miles par gallon sur l'autoroute ?", voitures);
    expect(intent).toMatchObject({ task: 'regression', target: 'conso_autoroute' });
    expect(intent.confidence).toBeGreaterThanOrEqual(0.6);
    expect(intent.missingColumn).toBeUndefined();
  });
});

describe('idioms whose words name another column', () => {
  it('reads the cause before "affect" as an input: "does speaking French affect what people earn"', () => {
    // Before: the relations of `language` (French is one of its values), not of the earnings.
    expect(parseGoal('Does speaking French affect what people earn?', slid)).toMatchObject({
      task: 'correlation',
      target: 'wages',
    });
  });

  it('reads "what kind of oil is this" as the kind column, without saying there is no column called oil', () => {
    // modeldata oils: "No column called 'oil'. Did you mean 'class' ..." before the reading.
    const oils = {
      rows: 96,
      columns: [num('palmitic'), num('oleic'), cat('class', ['pumpkin', 'sunflower', 'peanut', 'olive', 'corn'])],
    };
    const intent = parseGoal('what kind of oil is this', oils);
    expect(intent).toMatchObject({ task: 'classification', target: 'class' });
    expect(intent.missingColumn).toBeUndefined();
    expect(parseGoal('predict the brand', oils).missingColumn?.named).toBe('brand');
  });

  it('reads "how long until the cancer comes back" as the time to recurrence, not the yes/no flag', () => {
    // Before: a classification of `recur` (0.58); a two-valued column cannot answer "how long".
    expect(parseGoal('how long until the cancer comes back?', rotterdam)).toMatchObject({
      task: 'regression',
      target: 'rtime',
    });
    expect(parseGoal('how long will the patient live', rotterdam).target).toBe('dtime');
    expect(parseGoal('will the cancer come back?', rotterdam)).toMatchObject({ target: 'recur' });
  });

  it('reads "what does a diamond weigh" as its carat', () => {
    expect(parseGoal('what does a diamond weigh', diamonds)).toMatchObject({ task: 'regression', target: 'carat' });
  });

  it('reads "how far will a student go in school" as education, not distance', () => {
    for (const goal of ['how far will a student go in school', 'how far do people get in their education?'])
      expect(parseGoal(goal, college), goal).toMatchObject({ task: 'regression', target: 'education' });
    expect(parseGoal('how far does the student live from college', college).target).toBe('distance');
  });
});
