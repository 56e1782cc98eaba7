/** Word-level helpers for reading goal sentences and column names. Pure functions, no I/O. */
import porter2 from 'wink-porter2-stemmer';

const STOP = new Set(
  (
    'a an the this that these those my our your their his her its of to for on in at by with from and or is are was were be been ' +
    'will would can could should do does did i we you they it me us them what which who whom whose how when where why if whether ' +
    'want wants like please help let lets just some any each every all per vs versus than then so as into about based using given ' +
    'data dataset file table column columns row rows field record records entry entries ' +
    // Articles of Spanish, French and German goals ("predecir el precio", "klassifiziere die Stimme").
    'el la los las del un una une du les der das dem ein eine einen'
  ).split(' '),
);
/** Words that carry the task, not the target. */
const TASK_WORDS = new Set(
  (
    'predict predicting prediction predictions forecast forecasting forecasts estimate estimating estimation classify classifying ' +
    'classification detect detecting detection determine guess model modelling modeling project projecting identify identifying find ' +
    'figure out tell know spot flag flagging calculate compute segment segmentation cluster clustering grouping anomaly anomalies ' +
    'outlier outliers unusual summarize summarise summary describe correlate correlation correlations drive drives driving affect affects ' +
    'influence influences factor factors next future coming upcoming ahead sentiment feel feeling regression regress analyze analyse ' +
    'analysis explore show build train likely likelihood chance probability going get gets got expect expected ' +
    // The same verbs in Spanish, French, Portuguese, Italian and German, as foldLetters writes them.
    'predecir predice prediga estimar estima pronosticar clasificar clasifica predire predis prevoir estimer classer ' +
    'classifier prever prevedere stimare classificare vorhersagen vorhersage voraussagen schaetzen schaetze ' +
    'klassifizieren klassifiziere'
  ).split(' '),
);
/** Task verbs people misspell; a word one edit away from one of these is read as it ("forcast", "predcit"). */
const TASK_VERBS = [
  'predict',
  'forecast',
  'estimate',
  'classify',
  'cluster',
  'segment',
  'detect',
  'summarize',
  'summarise',
];

const IRREGULAR: Record<string, string> = {
  people: 'person',
  children: 'child',
  kids: 'child',
  kid: 'child',
  men: 'man',
  women: 'woman',
  mice: 'mouse',
  teeth: 'tooth',
  feet: 'foot',
  data: 'data',
  criteria: 'criterion',
  indices: 'index',
  analyses: 'analysis',
  lived: 'live',
  died: 'die',
  sold: 'sell',
  bought: 'buy',
  paid: 'pay',
  spent: 'spend',
  left: 'leave',
  won: 'win',
  lost: 'lose',
  grew: 'grow',
  grown: 'grow',
  born: 'birth',
  highest: 'high',
  higher: 'high',
  lowest: 'low',
  lower: 'low',
  largest: 'large',
  larger: 'large',
  biggest: 'big',
  bigger: 'big',
  smallest: 'small',
  smaller: 'small',
  longest: 'long',
  longer: 'long',
  oldest: 'old',
  older: 'old',
  youngest: 'young',
  younger: 'young',
  best: 'good',
  better: 'good',
  worst: 'bad',
  worse: 'bad',
  fibre: 'fiber',
  colour: 'color',
  labour: 'labor',
  behaviour: 'behavior',
  favourite: 'favorite',
  centre: 'center',
  litre: 'liter',
  metre: 'meter',
  tumour: 'tumor',
  sulphur: 'sulfur',
  programme: 'program',
  neighbourhood: 'neighborhood',
  neighbour: 'neighbor',
};

/**
 * Abbreviations seen in column names and their long forms. Matching expands both sides, so "max temp" meets
 * temperature_maximum and "maximum temperature" meets max_temp. Goal words skip the ones marked goal:false
 * ("no" in a sentence is a negation, not "number").
 */
const ABBREVIATIONS: Array<[short: string, long: string, goal?: false]> = [
  ['max', 'maximum'],
  ['min', 'minimum'],
  ['avg', 'average'],
  ['ave', 'average'],
  ['mean', 'average'],
  ['med', 'median'],
  ['qty', 'quantity'],
  ['amt', 'amount'],
  ['amnt', 'amount'],
  ['pct', 'percent'],
  ['perc', 'percent'],
  ['percentage', 'percent'],
  ['pc', 'percent', false],
  ['num', 'number'],
  ['nbr', 'number'],
  ['nr', 'number'],
  ['no', 'number', false],
  ['cnt', 'count'],
  ['tot', 'total'],
  ['yr', 'year'],
  ['yrs', 'year'],
  ['mo', 'month', false],
  ['mth', 'month'],
  ['wk', 'week'],
  ['hr', 'hour'],
  ['hrs', 'hour'],
  ['dt', 'date'],
  ['ts', 'timestamp'],
  ['temp', 'temperature'],
  ['val', 'value'],
  ['rev', 'revenue'],
  ['desc', 'description'],
  ['cat', 'category', false],
  ['prod', 'product'],
  ['cust', 'customer'],
  ['inc', 'income'],
  ['sal', 'salary'],
  ['emp', 'employee'],
  ['dept', 'department'],
  ['addr', 'address'],
  ['tel', 'phone'],
  ['msg', 'message'],
  ['txt', 'text'],
  ['lbl', 'label'],
  ['tgt', 'target'],
  ['cls', 'class'],
  ['pred', 'prediction'],
  ['prob', 'probability'],
  ['pop', 'population'],
  ['hh', 'household'],
  ['sqft', 'area'],
  ['bdrm', 'bedroom'],
  ['bdrms', 'bedroom'],
  ['bed', 'bedroom'],
  ['beds', 'bedroom'],
  ['bath', 'bathroom'],
  ['baths', 'bathroom'],
  ['mpg', 'mileage'],
  ['hp', 'horsepower'],
  ['bp', 'pressure'],
  ['chol', 'cholesterol'],
  ['wt', 'weight'],
  ['ht', 'height'],
  ['dob', 'birthday'],
  ['gdp', 'product', false],
  ['info', 'information'],
  ['approx', 'approximate'],
  ['govt', 'government'],
  ['intl', 'international'],
  ['natl', 'national'],
  ['acct', 'account'],
  ['bal', 'balance'],
  ['exp', 'expense', false],
  ['dur', 'duration'],
  ['dist', 'distance'],
  ['freq', 'frequency'],
  ['vol', 'volume'],
  ['sev', 'severity'],
  // Chemical symbols in column names (glass, water and soil tables).
  ['na', 'sodium', false],
  ['k', 'potassium', false],
  ['ca', 'calcium', false],
  ['mg', 'magnesium', false],
  ['fe', 'iron', false],
  ['al', 'aluminium', false],
  ['aluminum', 'aluminium'],
  ['si', 'silicon', false],
  ['ba', 'barium', false],
  ['cu', 'copper', false],
  ['zn', 'zinc', false],
  ['pb', 'lead', false],
  ['cl', 'chloride', false],
];
const EXPAND_COLUMN = new Map<string, string>(ABBREVIATIONS.map(([s, l]) => [s, l]));
const EXPAND_GOAL = new Map<string, string>(ABBREVIATIONS.filter((a) => a[2] !== false).map(([s, l]) => [s, l]));

export const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  couple: 2,
  pair: 2,
  three: 3,
  few: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  dozen: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  eighteen: 18,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  ninety: 90,
  hundred: 100,
};

export const isStopWord = (w: string): boolean => STOP.has(w);
export const isTaskWord = (w: string): boolean => TASK_WORDS.has(w);

/** The sentence with misspelt task verbs put right ("forcast the sales" → "forecast the sales"), for the task rules. */
export function fixTypos(text: string): string {
  return text.replace(/[A-Za-z]{5,}/g, (w) => {
    const fixed = fixTaskTypo(w.toLowerCase());
    return fixed === w.toLowerCase() ? w : fixed;
  });
}

const UMLAUT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };

/**
 * Letters outside a-z written the way column names usually spell them in ASCII: German umlauts as ae/oe/ue/ss
 * ("Körperfett" and a column "Koerperfett" are one word), other accents dropped ("Préférence" → "Preference").
 * Without this the word split broke "Körperfett" into "k" and "rperfett". Applied to sentences and names alike.
 */
export function foldLetters(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[äöüÄÖÜß]/g, (c) => UMLAUT[c])
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/**
 * Lower-case words of a sentence in any script (a column called `язык` or `価格` is named by its word);
 * punctuation becomes a break, digits stay, task verbs lose one-letter typos.
 */
export function tokenize(text: string): string[] {
  return (
    foldLetters(text)
      .toLowerCase()
      // French and Italian elision: "l'autoroute" is "l autoroute", not "lautoroute" ("don't" stays "dont").
      .replace(/(^|[^\p{L}])([cdjlmnst]|qu)['’](?=\p{L})/gu, '$1$2 ')
      .replace(/[’']/g, '')
      .replace(/(\p{L})(\d)/gu, '$1 $2')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map(fixTaskTypo)
  );
}

/** "forcast" → forecast, "predcit" → predict: one insertion, deletion, substitution or swap away, 5+ letters. */
function fixTaskTypo(w: string): string {
  if (w.length < 5 || TASK_WORDS.has(w) || STOP.has(w)) return w;
  return TASK_VERBS.find((v) => editDistanceAtMostOne(w, v)) ?? w;
}

/** True when a and b differ by at most one insertion, deletion, substitution or adjacent swap. */
export function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Splits a column name on snake_case, kebab-case, dots, spaces, camelCase and letter/digit borders, lower case. */
export function splitName(name: string): string[] {
  const spaced = foldLetters(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2');
  return spaced
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Long form of an abbreviation in a column name ("qty" → quantity), or the word itself. */
export const expandColumnWord = (w: string): string => EXPAND_COLUMN.get(w) ?? w;
/** Long form of an abbreviation in a sentence, leaving words that are also ordinary words ("no"). */
export const expandGoalWord = (w: string): string => EXPAND_GOAL.get(w) ?? w;

/** Plural to singular by common English rules (irregular forms and UK spellings first). */
export function singular(w: string): string {
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(sses|xes|ches|shes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|os)$/.test(w)) return w.slice(0, -1);
  return w;
}

/**
 * The root both a sentence word and a column word are compared by: irregular forms and UK spellings first, then
 * the Porter2 (Snowball English) stemmer, so approve/approved/approval and cancel/cancelled/cancellation meet.
 * Porter2 (wink-porter2-stemmer) was measured against Porter1 (`stemmer`) on the phrasing table: Porter1 splits
 * employed/employment (emploi/employ) and scored lower on the tuning part.
 */
export function lemma(w: string): string {
  const base = IRREGULAR[w] ?? w;
  return /^[a-z]+$/.test(base) && base.length > 2 ? porter2(base) : base;
}

/** A number written as digits or as a word ("two", "a dozen"); null if it is neither. */
export function parseNumberWord(w: string | undefined): number | null {
  if (!w) return null;
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w] ?? null;
}
