import { singular } from './words';

/**
 * Concepts people use for common targets. A goal word and a column word in the same group match
 * (less strongly than the same word). Words are singular, lower case.
 */
const GROUPS: string[][] = [
  [
    'price',
    'cost',
    'value',
    'worth',
    'valuation',
    'expensive',
    'cheap',
    'pricing',
    'medv',
    'cmedv',
    'fare',
    'charge',
    'fee',
  ],
  ['sale', 'revenue', 'sold', 'demand', 'turnover', 'unit', 'volume', 'order', 'sell', 'selling', 'purchase'],
  [
    'churn',
    'leave',
    'cancel',
    'attrition',
    'quit',
    'retention',
    'exited',
    'exit',
    'stay',
    'unsubscribe',
    'cancellation',
    'left',
  ],
  ['survive', 'survived', 'survival', 'live', 'die', 'died', 'death', 'dead', 'alive', 'fatality'],
  ['spam', 'ham', 'junk'],
  ['fraud', 'fraudulent', 'scam', 'fake'],
  ['default', 'repay', 'delinquent', 'delinquency', 'bad', 'creditworthy'],
  ['salary', 'income', 'wage', 'earning', 'pay', 'compensation'],
  ['quality', 'rating', 'score', 'grade', 'star'],
  ['species', 'type', 'kind', 'class', 'category', 'variety', 'breed', 'label'],
  ['temperature', 'heat', 'hot', 'cold', 'warm'],
  ['weight', 'mass', 'heavy'],
  ['height', 'tall'],
  ['diabetes', 'diabetic', 'glucose'],
  ['disease', 'illness', 'condition', 'diagnosis', 'sick', 'malignant', 'benign', 'cancer', 'tumor', 'tumour'],
  ['sentiment', 'feeling', 'mood', 'opinion', 'emotion', 'polarity', 'tone'],
  ['birth', 'born', 'baby', 'newborn'],
  ['passenger', 'ridership', 'rider', 'traveller', 'traveler', 'airline'],
  ['rain', 'rainfall', 'precipitation'],
  ['consumption', 'usage', 'use', 'load', 'demand'],
  ['mileage', 'mpg', 'economy', 'efficiency'],
  ['progression', 'progress', 'severity'],
  ['click', 'ctr', 'convert', 'conversion', 'signup', 'subscribe', 'buy', 'bought'],
  ['count', 'number', 'total', 'how many', 'quantity'],
  ['age', 'old', 'elderly'],
  ['duration', 'time', 'length', 'long'],
  ['house', 'home', 'housing', 'property', 'apartment', 'flat', 'real estate'],
  ['customer', 'client', 'user', 'member', 'subscriber', 'account'],
  [
    'review',
    'comment',
    'feedback',
    'text',
    'message',
    'tweet',
    'post',
    'body',
    'content',
    'description',
    'email',
    'sms',
  ],
  ['date', 'time', 'day', 'timestamp', 'datetime', 'period', 'month', 'week', 'ds'],
  ['tip', 'gratuity'],
  ['crime', 'crim'],
];

const INDEX = new Map<string, Set<number>>();
GROUPS.forEach((group, i) => {
  for (const w of group) {
    const key = singular(w);
    if (!INDEX.has(key)) INDEX.set(key, new Set());
    INDEX.get(key)?.add(i);
  }
});

/** True when two (singular) words share a concept group. */
export function areSynonyms(a: string, b: string): boolean {
  const ga = INDEX.get(singular(a));
  const gb = INDEX.get(singular(b));
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}

/** Group members of a word, for explanations and tests. */
export function synonymsOf(word: string): string[] {
  const groups = INDEX.get(singular(word));
  if (!groups) return [];
  return [...groups].flatMap((g) => GROUPS[g]).filter((w) => w !== word);
}
