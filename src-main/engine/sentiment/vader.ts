import { SentimentIntensityAnalyzer } from 'vader-sentiment';

/** VADER scores of one text: compound in -1..1 and the pos/neu/neg proportions. */
export interface SentimentScore {
  compound: number;
  pos: number;
  neu: number;
  neg: number;
  label: 'positive' | 'neutral' | 'negative';
}

// VADER's negation words. The JavaScript port compares them case-sensitively ("Not bad" scores as
// negative), unlike the Python original, so they are lower-cased before scoring. Other words keep
// their case: VADER boosts words written in capitals.
const NEGATE =
  /\b(aint|arent|cannot|cant|couldnt|darent|didnt|doesnt|ain't|aren't|can't|couldn't|daren't|didn't|doesn't|dont|hadnt|hasnt|havent|isnt|mightnt|mustnt|neither|don't|hadn't|hasn't|haven't|isn't|mightn't|mustn't|neednt|needn't|never|none|nope|nor|not|nothing|nowhere|oughtnt|shant|shouldnt|uhuh|wasnt|werent|oughtn't|shan't|shouldn't|uh-uh|wasn't|weren't|without|wont|wouldnt|won't|wouldn't|rarely|seldom|despite|least|at)\b/gi;

/** The usual VADER thresholds: compound >= 0.05 positive, <= -0.05 negative. */
export function labelOf(compound: number): SentimentScore['label'] {
  return compound >= 0.05 ? 'positive' : compound <= -0.05 ? 'negative' : 'neutral';
}

/** Longest text scored; beyond it the rest is ignored (reviews rarely need more). */
const MAX_CHARS = 5000;

/**
 * Scores a text with VADER. Several sentences are scored one by one and averaged, as VADER's authors
 * advise for paragraphs (the compound of one long string saturates towards +-1).
 */
export function scoreText(text: string): SentimentScore {
  const clean = text
    .slice(0, MAX_CHARS)
    .replace(NEGATE, (w) => w.toLowerCase())
    .replace(/\u2019/g, "'");
  const sentences = clean.split(/(?<=[.!?])\s+/).filter((s) => /\w/.test(s));
  if (sentences.length === 0) return { compound: 0, pos: 0, neu: 1, neg: 0, label: 'neutral' };
  let compound = 0;
  let pos = 0;
  let neu = 0;
  let neg = 0;
  for (const s of sentences) {
    const r = SentimentIntensityAnalyzer.polarity_scores(s);
    compound += r.compound;
    pos += r.pos;
    neu += r.neu;
    neg += r.neg;
  }
  const k = sentences.length;
  compound /= k;
  return { compound, pos: pos / k, neu: neu / k, neg: neg / k, label: labelOf(compound) };
}
