/**
 * TF-IDF inside the graph: StringNormalizer (lower, locale "C") -> com.microsoft Tokenizer (text-terms.ts
 * TOKEN_PATTERN: [\p{L}\p{M}\p{N}_]+ for 'unicode' steps, [a-z0-9_]+ for 'ascii' ones)
 * [-> Slice to maxTokens] [-> char_wb: a second Tokenizer in character mode on each word, with mark=1 so each word's
 * characters are framed by \x02 ... \x03, which stand for the spaces of " word "] -> TfIdfVectorizer (raw counts)
 * [-> sublinear: Gather from the same 1 + ln(count) table as text-terms.ts] -> * idf -> L2 normalisation.
 * Character n-grams never match across words: an n-gram spanning two words would hold \x03 before its last place
 * or \x02 after its first, which no vocabulary entry has. Locale "C" because onnxruntime's default
 * (en_US.UTF-8) fails to load on machines without that locale. In "C" only ASCII letters change case, which is
 * what 'unicode' tokens do in predict.ts too. For 'ascii' steps every non-ASCII character is a separator anyway, so
 * this equals toLowerCase().split(/\W+/) except for the two characters whose lower case is ASCII: U+0130 and U+212A.
 */
import type { FeatureStep } from '../pipeline/types';
import { SUBLINEAR_MAX_COUNT, SUBLINEAR_TABLE, TOKEN_PATTERN } from '../pipeline/text-terms';
import { GraphBuilder, MS, T } from './graph-builder';

type TfidfStep = Extract<FeatureStep, { kind: 'tfidf' }>;

/** Never produced by the tokenizer: pads short rows so they cannot form a vocabulary n-gram. */
const PAD = '#';

/** Start/end marks the character-mode Tokenizer puts around each word (mark=1). */
const START = '\u0002';
const END = '\u0003';

/** One character a token can hold, or a mark (as a regular expression on one code point). */
const TOKEN_CHAR = {
  ascii: /^[a-z0-9_\u0002\u0003]$/,
  unicode: /^[\p{L}\p{M}\p{N}_\u0002\u0003]$/u,
};

/** A char_wb entry as the marked character sequence, or null when no " word " can contain it. */
function charTokens(entry: string, tokens: 'ascii' | 'unicode'): string[] | null {
  const chars = [...entry];
  const out = chars.map((c, i) => (c !== ' ' ? c : i === 0 ? START : i === chars.length - 1 ? END : ''));
  if (out.some((c) => c === '' || !TOKEN_CHAR[tokens].test(c) || (tokens === 'unicode' && /[A-Z]/.test(c))))
    return null;
  return out;
}

/** Vocabulary entries the vectorizer can count: n-gram length within range, first occurrence of each. */
function countable(s: TfidfStep): Array<{ index: number; tokens: string[] }> {
  const seen = new Set<string>();
  const out: Array<{ index: number; tokens: string[] }> = [];
  s.vocabulary.forEach((entry, index) => {
    const tokens = s.analyzer === 'char_wb' ? (charTokens(entry, s.tokens ?? 'ascii') ?? ['']) : entry.split(' ');
    if (seen.has(entry) || tokens.includes('') || tokens.length < s.ngram[0] || tokens.length > s.ngram[1]) return;
    seen.add(entry);
    out.push({ index, tokens });
  });
  return out;
}

/** [N,1] string -> [N, vocabulary.length] double. */
export function tfidfBlock(g: GraphBuilder, x: string, s: TfidfStep): string {
  const V = s.vocabulary.length;
  const entries = countable(s);
  if (entries.length === 0) return g.zerosRows(x, V);
  const maxLen = s.ngram[1];
  // TfIdfVectorizer wants the pool grouped by n-gram length 1..maxLen, ngram_counts[i] = start of (i+1)-grams
  // counted in pool items (an n-gram is n items).
  const byLen = Array.from({ length: maxLen }, (_, i) => entries.filter((e) => e.tokens.length === i + 1));
  const ngramCounts: number[] = [];
  let start = 0;
  byLen.forEach((group, i) => {
    ngramCounts.push(start);
    start += group.length * (i + 1);
  });
  const ordered = byLen.flat();
  const flat = g.node('Reshape', [x, g.constInt64([-1], [1])]);
  const lower = g.node('StringNormalizer', [flat], { case_change_action: 'LOWER', is_case_sensitive: 1, locale: 'C' });
  let tokens = g.node(
    'Tokenizer',
    [lower],
    { tokenexp: TOKEN_PATTERN[s.tokens ?? 'ascii'], mark: 0, mincharnum: 1, pad_value: PAD },
    { domain: MS },
  );
  if (s.maxTokens) {
    tokens = g.node('Slice', [
      tokens,
      g.constInt64([0], [1]),
      g.constInt64([s.maxTokens], [1]),
      g.constInt64([1], [1]),
    ]);
  }
  if (s.analyzer === 'char_wb') {
    // [N, W] words -> [N, W, L] marked characters (or [N, 0] when no row has a word) -> [N, W * L].
    const chars = g.node(
      'Tokenizer',
      [tokens],
      { separators: { strings: [''] }, mark: 1, mincharnum: 1, pad_value: PAD },
      { domain: MS },
    );
    tokens = g.node('Reshape', [chars, g.constInt64([0, -1], [2])]);
  }
  const tf = g.node('TfIdfVectorizer', [tokens], {
    mode: 'TF',
    min_gram_length: s.ngram[0],
    max_gram_length: maxLen,
    max_skip_count: 0,
    ngram_counts: { ints: ngramCounts },
    ngram_indexes: { ints: ordered.map((e) => e.index) },
    pool_strings: { strings: ordered.flatMap((e) => e.tokens) },
  });
  // The vectorizer's width is the largest index + 1; trailing never-counted entries are padded back as zeros.
  const width = Math.max(...ordered.map((e) => e.index)) + 1;
  const tfAll = width < V ? g.node('Pad', [tf, g.constInt64([0, 0, 0, V - width], [4])]) : tf;
  // Term frequencies as doubles: raw counts, or 1 + ln(count) read from text-terms.ts's table (bit-identical).
  const tfD = s.sublinear
    ? g.node('Gather', [
        g.constDouble(SUBLINEAR_TABLE, [SUBLINEAR_TABLE.length], 'sublinear_tf'),
        g.node('Min', [g.node('Cast', [tfAll], { to: T.INT64 }), g.constInt64([SUBLINEAR_MAX_COUNT], [1])]),
      ])
    : g.node('Cast', [tfAll], { to: T.DOUBLE });
  const weighted = g.node('Mul', [tfD, g.constDouble(s.idf, [V], 'idf')]);
  // The sum of squares in predict.ts's exact order (a tree may split right at a tf-idf value), computed on the
  // transposed frequencies [V, N]: the same products, laid out so the halving sum slices contiguous blocks.
  const weightedT = g.node('Mul', [
    g.node('Transpose', [tfD], { perm: { ints: [1, 0] } }),
    g.constDouble(s.idf, [V, 1], 'idf_col'),
  ]);
  const ss = g.node('Unsqueeze', [
    g.halvingColumnSum(g.node('Mul', [weightedT, weightedT]), V, x),
    g.constInt64([1], [1]),
  ]);
  const zero = g.node('Equal', [ss, g.constDouble([0], [1])]);
  const norm = g.node('Where', [zero, g.constDouble([1], [1]), g.node('Sqrt', [ss])]);
  return g.node('Div', [weighted, norm]);
}
