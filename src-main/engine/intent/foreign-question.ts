import { foldLetters } from './words';

/**
 * A question asked in Spanish, French, Italian, Portuguese or German ("¿cuánto cuesta un diamante?", "wen wählen
 * die Leute?", "combien coûte une maison ?") read with the English rules: its question word and the verb that
 * says what is measured become the English words the rules know ("how much cost un diamante", "who vote die
 * Leute"); every other word, column names included, stays as written. Both were read as a summary before (or
 * "cuesta" named the column `cut` by its spelling).
 *
 * Only at the start of a sentence: "qui"/"chi"/"wer" there ask a question, elsewhere they are relative pronouns or
 * other words ("chi-square"). The verb is translated only in a sentence whose question word was.
 * Keys are written as foldLetters folds them (cuánto → cuanto, wählen → waehlen, coûte → coute).
 */
const QUESTION: Record<string, string> = {
  cuanto: 'how much',
  cuanta: 'how much',
  cuantos: 'how many',
  cuantas: 'how many',
  combien: 'how much',
  quanto: 'how much',
  quanta: 'how much',
  quanti: 'how many',
  quante: 'how many',
  quantos: 'how many',
  quantas: 'how many',
  wieviel: 'how much',
  wieviele: 'how many',
  quien: 'who',
  quienes: 'who',
  qui: 'who',
  chi: 'who',
  quem: 'who',
  wer: 'who',
  wen: 'who',
  wem: 'who',
  cual: 'which',
  cuales: 'which',
  quel: 'which',
  quelle: 'which',
  quels: 'which',
  quelles: 'which',
  quale: 'which',
  quali: 'which',
  qual: 'which',
  quais: 'which',
  welche: 'which',
  welcher: 'which',
  welches: 'which',
  welchen: 'which',
};

/** "wie viel", "wie viele", "combien de": two-word question words. */
const QUESTION_PAIRS: Record<string, string> = {
  'wie viel': 'how much',
  'wie viele': 'how many',
  'wie lange': 'how long',
  'combien de': 'how many',
  'combien d': 'how many',
};

/** Verbs whose question asks a price, a pay, a weight, a vote or a duration. */
const VERBS: Record<string, string> = {
  cuesta: 'cost',
  cuestan: 'cost',
  costara: 'cost',
  costaran: 'cost',
  coute: 'cost',
  coutent: 'cost',
  coutera: 'cost',
  costa: 'cost',
  costano: 'cost',
  costera: 'cost',
  custa: 'cost',
  custam: 'cost',
  kostet: 'cost',
  kosten: 'cost',
  vale: 'worth',
  vaut: 'worth',
  gana: 'earn',
  ganan: 'earn',
  gagne: 'earn',
  gagnent: 'earn',
  guadagna: 'earn',
  guadagnano: 'earn',
  ganha: 'earn',
  verdient: 'earn',
  verdienen: 'earn',
  pesa: 'weigh',
  pese: 'weigh',
  pesano: 'weigh',
  wiegt: 'weigh',
  vota: 'vote',
  votan: 'vote',
  votara: 'vote',
  votaran: 'vote',
  votent: 'vote',
  votera: 'vote',
  voteront: 'vote',
  votano: 'vote',
  votam: 'vote',
  waehlen: 'vote',
  waehlt: 'vote',
  gewaehlt: 'vote',
  dura: 'last',
  duran: 'last',
  dure: 'last',
  dauert: 'last',
};

/** The goal with a foreign question's question word and measuring verb in English; other goals unchanged. */
export function englishQuestion(goal: string): string {
  return goal
    .split(/(?<=[.!?;\n])/)
    .map((sentence) => englishSentence(sentence))
    .join('');
}

function englishSentence(sentence: string): string {
  const m = /^([\s¿¡"'«„(]*)(\p{L}+)(?:\s+(\p{L}+))?/u.exec(sentence);
  if (!m) return sentence;
  const fold = (w: string) => foldLetters(w).toLowerCase();
  const pair = m[3] ? QUESTION_PAIRS[`${fold(m[2])} ${fold(m[3])}`] : undefined;
  const english = pair ?? QUESTION[fold(m[2])];
  if (!english) return sentence;
  const asked = pair ? m[0] : m[1] + m[2];
  const rest = sentence.slice(asked.length).replace(/\p{L}+/gu, (w) => VERBS[fold(w)] ?? w);
  return `${m[1].replace(/[¿¡]/g, '')}${english}${rest.replace(/[¿¡]/g, '')}`;
}
