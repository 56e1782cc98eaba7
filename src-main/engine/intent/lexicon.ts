import { lemma } from './words';

/**
 * Concepts people use for what they want predicted. A sentence word and a column word in one group match (less
 * strongly than the same root). Adjectives sit with the noun they measure ("how heavy" → weight, "how strong" →
 * strength). Words are compared by their root (words.ts `lemma`), so one form per word is enough.
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
    // The word in Spanish, French, German, Italian, Portuguese column names (diamonds' `precio`).
    'precio',
    'prix',
    'preis',
    'prezzo',
    'preco',
  ],
  ['sale', 'revenue', 'sell', 'demand', 'turnover', 'volume', 'order', 'purchase'],
  ['churn', 'leave', 'cancel', 'attrition', 'quit', 'retention', 'exit', 'stay', 'unsubscribe', 'resign'],
  ['survive', 'survival', 'live', 'die', 'death', 'dead', 'alive', 'fatality', 'kill', 'mortality'],
  // "Will the cancer come back?": a disease, an offender or a customer coming back.
  ['recur', 'recurrence', 'recurrent', 'relapse', 'return', 'back', 'recidivism', 'reoffend', 'rearrest'],
  ['spam', 'ham', 'junk'],
  ['fraud', 'fraudulent', 'scam', 'fake'],
  ['default', 'repay', 'delinquent', 'delinquency', 'creditworthy', 'risk'],
  [
    'salary',
    'income',
    'wage',
    'earn',
    'earnings',
    'pay',
    'compensation',
    'make',
    'salario',
    'sueldo',
    'salaire',
    'lohn',
    'gehalt',
  ],
  // "who will they vote for", "wen wählen die Leute" (→ "who vote") over a `vote` or a German `Stimme` column.
  ['vote', 'ballot', 'stimme', 'voto'],
  ['quality', 'rating', 'score', 'grade', 'star'],
  ['species', 'type', 'kind', 'class', 'category', 'variety', 'breed', 'label', 'sort'],
  ['temperature', 'heat', 'hot', 'cold', 'warm'],
  // A diamond's weight is its `carat`; peso/poids/Gewicht in Spanish, French, German.
  ['weight', 'mass', 'heavy', 'light', 'carat', 'peso', 'poids', 'gewicht'],
  ['height', 'tall', 'short'],
  ['depth', 'deep', 'shallow'],
  ['width', 'wide', 'narrow'],
  ['length', 'long'],
  // "years of schooling" (AER CollegeDistance's `education`).
  ['education', 'schooling', 'educ'],
  ['strength', 'strong', 'weak'],
  ['speed', 'fast', 'slow', 'velocity'],
  ['distance', 'far', 'near'],
  ['size', 'big', 'large', 'small'],
  ['girth', 'diameter', 'circumference', 'thick', 'thickness'],
  ['age', 'old', 'young', 'elderly'],
  ['diabetes', 'diabetic'],
  ['disease', 'illness', 'condition', 'diagnosis', 'sick', 'malignant', 'benign', 'cancer', 'cancerous', 'tumor'],
  ['sentiment', 'feeling', 'mood', 'opinion', 'emotion', 'polarity', 'tone'],
  ['birth', 'baby', 'newborn'],
  ['passenger', 'ridership', 'rider', 'traveller', 'traveler', 'fly', 'flyer'],
  ['rain', 'rainfall', 'precipitation', 'rainy', 'wet'],
  ['consumption', 'usage', 'use', 'load', 'demand'],
  ['mileage', 'economy', 'efficiency'],
  ['progression', 'progress', 'severity'],
  ['click', 'convert', 'conversion', 'signup', 'subscribe', 'buy'],
  ['count', 'number', 'total', 'quantity', 'many'],
  ['duration', 'time', 'long', 'last'],
  ['house', 'home', 'housing', 'property', 'apartment', 'flat', 'dwelling'],
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
  ['sex', 'gender', 'male', 'female', 'man', 'woman', 'boy', 'girl'],
  ['child', 'kid', 'son', 'daughter'],
  ['loan', 'borrow', 'lend', 'lending', 'mortgage'],
  ['deny', 'denial', 'reject', 'rejection', 'decline'],
  ['approve', 'accept', 'acceptance', 'grant'],
  ['call', 'callback', 'phone'],
  ['job', 'occupation', 'profession', 'career', 'role', 'work'],
  ['party', 'democrat', 'republican', 'partisan'],
  ['maximum', 'high', 'top', 'peak', 'upper', 'most'],
  ['minimum', 'low', 'bottom', 'least'],
  ['smoke', 'smoker', 'cigarette', 'tobacco'],
  ['exercise', 'workout', 'activity'],
  ['remote', 'telework', 'telecommute'],
  ['expenditure', 'spend', 'spending', 'expense'],
  ['profit', 'earnings', 'margin'],
  ['employ', 'employment', 'job', 'work'],
  ['like', 'favorite', 'favourite'],
  // Where a place is: "which state is the city in" over maps::us.cities' `country.etc` (state codes).
  ['state', 'province', 'country', 'county', 'territory', 'nation', 'canton'],
];

const INDEX = new Map<string, Set<number>>();
GROUPS.forEach((group, i) => {
  for (const w of group) {
    const key = lemma(w);
    if (!INDEX.has(key)) INDEX.set(key, new Set());
    INDEX.get(key)?.add(i);
  }
});

/** True when two words share a concept group (compared by root). */
export function areSynonyms(a: string, b: string): boolean {
  const ga = INDEX.get(lemma(a));
  const gb = INDEX.get(lemma(b));
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}
