import type { ColumnKind } from '@shared/project';
import type { BasicStats } from './column-stats';
import { isDateType, isIntegerType, isNumericType } from './load-table';

const ID_NAME =
  /^(id|uuid|guid|key|index|idx|row|rownum|row_?id|record_?id)$|[_\s.-](id|uuid|key|no|number)$|[a-z0-9](Id|ID|Key|No)$/i;
const BOOLEAN_PAIRS = [
  ['true', 'false'],
  ['yes', 'no'],
  ['y', 'n'],
  ['t', 'f'],
  ['0', '1'],
  ['on', 'off'],
].map((p) => p.sort().join('|'));

/**
 * Values of this many words or more are sentences: a column whose values mostly are (median) is text whatever its
 * share of distinct values. Licence paragraphs (~125 words, 518 distinct in 1,751 rows, ratio .296) were read as a
 * category, so an unseen wording was an unknown level. Over 581 R data tables and the accuracy bench's 46, the rule
 * turned text only free notes and titles (metadat's Comments, measure_comments, Title; 11-16 words); every real
 * category of 8+ words had 20 levels or fewer (tidyr's measure_title, 8 words, 6 levels).
 */
export const SENTENCE_WORDS = 10;

/** True for names like id, customer_id, CustomerID, order-no. */
export const isIdName = (name: string): boolean => ID_NAME.test(name);

/**
 * The kind of a column from its first-scan statistics. `values` (optional) are its distinct
 * values when there are at most two, to spot yes/no style booleans stored as text.
 */
export function columnKind(s: BasicStats, rows: number, values?: string[]): ColumnKind {
  if (s.nonNull === 0 || s.distinct <= 1) return 'constant';
  if (s.dbType === 'BOOLEAN') return 'boolean';
  if (isDateType(s.dbType)) return 'datetime';
  const unique = s.distinct >= s.nonNull * 0.98 && s.nonNull >= rows * 0.9;
  if (isNumericType(s.dbType)) {
    if (s.distinct === 2 && s.min === 0 && s.max === 1) return 'boolean';
    if (isIntegerType(s.dbType) && rows >= 20) {
      // A sequence 1..n or 0..n-1, or an integer column named like a key, identifies rows. A key may repeat a
      // little (a patient seen twice: mlbench BreastCancer's `Id`, 645 codes in 699 rows), as for text keys below.
      const span = (s.max ?? 0) - (s.min ?? 0) + 1;
      if (unique && (isIdName(s.name) || Math.abs(span - s.nonNull) <= Math.max(1, s.nonNull * 0.01))) return 'id';
      if (isIdName(s.name) && s.distinct / Math.max(1, s.nonNull) > 0.9 && s.distinct > 20) return 'id';
    }
    return 'numeric';
  }
  if (
    s.distinct === 2 &&
    values &&
    values.length === 2 &&
    BOOLEAN_PAIRS.includes(
      values
        .map((v) => v.trim().toLowerCase())
        .sort()
        .join('|'),
    )
  ) {
    return 'boolean';
  }
  const ratio = s.distinct / Math.max(1, s.nonNull);
  const words = (s.avgSpaces ?? 0) + 1;
  // Free text: several words per value and mostly different values.
  if (words >= 4 && ratio > 0.3 && s.distinct > 20) return 'text';
  if ((s.avgLength ?? 0) >= 50 && ratio > 0.3 && s.distinct > 20) return 'text';
  if ((s.sentenceShare ?? 0) >= 0.5 && s.distinct > 20) return 'text';
  if ((unique || (isIdName(s.name) && ratio > 0.9)) && s.distinct > 20) return 'id';
  return 'categorical';
}
