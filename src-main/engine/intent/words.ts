/** Word-level helpers for reading goal sentences and column names. Pure functions, no I/O. */

const STOP = new Set(
  (
    'a an the this that these those my our your their his her its of to for on in at by with from and or is are was were be been ' +
    'will would can could should do does did i we you they it me us them what which who whom whose how when where why if whether ' +
    'want wants like please help let lets just some any each every all per vs versus than then so as into about based using given ' +
    'data dataset file table column columns row rows field'
  ).split(' '),
);
/** Words that carry the task, not the target. */
const TASK_WORDS = new Set(
  (
    'predict predicting prediction predictions forecast forecasting forecasts estimate estimating estimation classify classifying ' +
    'classification detect detecting detection determine guess model modelling modeling project projecting identify identifying find ' +
    'figure out tell know spot flag calculate compute segment segmentation cluster clustering group grouping anomaly anomalies outlier ' +
    'outliers unusual summarize summarise summary describe correlate correlation correlations drive drives driving affect affects ' +
    'influence influences factor factors next future coming upcoming ahead sentiment feel feeling regression regress analyze analyse ' +
    'analysis explore show make build train likely likelihood chance probability going get'
  ).split(' '),
);

const IRREGULAR: Record<string, string> = {
  people: 'person',
  children: 'child',
  men: 'man',
  women: 'woman',
  mice: 'mouse',
  teeth: 'tooth',
  feet: 'foot',
  data: 'data',
  criteria: 'criterion',
  indices: 'index',
  analyses: 'analysis',
};

/** Abbreviations common in column names, expanded before matching. */
const ABBREV: Record<string, string> = {
  val: 'value',
  temp: 'temperature',
  qty: 'quantity',
  amt: 'amount',
  num: 'number',
  no: 'number',
  nr: 'number',
  pct: 'percent',
  perc: 'percent',
  med: 'median',
  avg: 'average',
  cnt: 'count',
  rev: 'revenue',
  dt: 'date',
  yr: 'year',
  mo: 'month',
  desc: 'description',
  cat: 'category',
  prod: 'product',
  cust: 'customer',
  inc: 'income',
  sqft: 'area',
  sq: 'square',
  ft: 'feet',
  liv: 'living',
  bdrm: 'bedroom',
  bdrms: 'bedroom',
  pop: 'population',
  hh: 'household',
  emp: 'employee',
  sal: 'salary',
  dept: 'department',
  addr: 'address',
  tel: 'phone',
  msg: 'message',
  txt: 'text',
  lbl: 'label',
  tgt: 'target',
  cls: 'class',
  pred: 'prediction',
  prob: 'probability',
  ts: 'timestamp',
  mpg: 'mileage',
  hp: 'horsepower',
  bmi: 'bmi',
  bp: 'pressure',
  chol: 'cholesterol',
};

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

/** Lower-case words of a sentence; punctuation becomes a break, digits stay. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Splits a column name on snake_case, kebab-case, spaces, camelCase and letter/digit borders; expands abbreviations. */
export function splitName(name: string): string[] {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2');
  return tokenize(spaced).map((w) => ABBREV[w] ?? w);
}

/** Plural to singular by common English rules. */
export function singular(w: string): string {
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(sses|xes|ches|shes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|os)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** A crude stem so survive/survived/survival and churn/churned meet. */
export function stem(w: string): string {
  let s = singular(w);
  for (const suf of [
    'ations',
    'ation',
    'ings',
    'ing',
    'ions',
    'ion',
    'ed',
    'al',
    'ly',
    'ers',
    'er',
    'ness',
    'ity',
    'es',
    'e',
    'y',
  ]) {
    if (s.length - suf.length >= 4 && s.endsWith(suf)) {
      s = s.slice(0, -suf.length);
      break;
    }
  }
  return s;
}

/** A number written as digits or as a word ("two", "a dozen"); null if it is neither. */
export function parseNumberWord(w: string | undefined): number | null {
  if (!w) return null;
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w] ?? null;
}
