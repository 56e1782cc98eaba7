/** Types for vader-sentiment 1.1.3 (Apache-2.0), which ships none. */
declare module 'vader-sentiment' {
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}
