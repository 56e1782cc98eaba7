/**
 * Which anomaly method's flags the app reports. Not the one that flags the fewest rows (that rewards a method
 * for missing anomalies): the one whose flagged rows agree best with what the methods agree on.
 *
 * Consensus = the rows at least two of the three methods flag. Agreement of a method = Jaccard overlap of its
 * flagged rows with the consensus (1 when both are empty: in clean data the method that flags nothing wins).
 * Ties go to the method whose flagged rows are most isolated by the forest (score separation: mean forest score
 * of its flagged rows minus that of the rest, in units of the score's spread), then to the forest.
 */
export type AnomalyMethod = 'isolation_forest' | 'zscore' | 'iqr';

export interface MethodFlags {
  method: AnomalyMethod;
  label: string;
  flags: boolean[];
}

export interface MethodChoice {
  method: AnomalyMethod;
  /** Rows at least two methods flag. */
  consensus: number;
  agreement: Record<AnomalyMethod, number>;
  separation: Record<AnomalyMethod, number>;
  /** One sentence for people: why this method. */
  why: string;
}

const ORDER: AnomalyMethod[] = ['isolation_forest', 'iqr', 'zscore'];

function jaccard(a: boolean[], b: boolean[]): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) both++;
    if (a[i] || b[i]) either++;
  }
  return either === 0 ? 1 : both / either;
}

function separation(flags: boolean[], score: Float64Array): number {
  let sf = 0;
  let nf = 0;
  let sr = 0;
  let nr = 0;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) {
      sf += score[i];
      nf++;
    } else {
      sr += score[i];
      nr++;
    }
  }
  if (nf === 0 || nr === 0) return 0;
  const mean = (sf + sr) / flags.length;
  let sq = 0;
  for (const s of score) sq += (s - mean) ** 2;
  const sd = Math.sqrt(sq / score.length) || 1;
  return (sf / nf - sr / nr) / sd;
}

export function chooseMethod(methods: MethodFlags[], forestScore: Float64Array): MethodChoice {
  const n = forestScore.length;
  const consensus = Array.from({ length: n }, (_, i) => methods.filter((m) => m.flags[i]).length >= 2);
  const agreement = {} as Record<AnomalyMethod, number>;
  const sep = {} as Record<AnomalyMethod, number>;
  for (const m of methods) {
    agreement[m.method] = jaccard(m.flags, consensus);
    sep[m.method] = separation(m.flags, forestScore);
  }
  const ranked = [...methods].sort(
    (a, b) =>
      agreement[b.method] - agreement[a.method] ||
      sep[b.method] - sep[a.method] ||
      ORDER.indexOf(a.method) - ORDER.indexOf(b.method),
  );
  const best = ranked[0];
  const agreed = consensus.filter(Boolean).length;
  const flagged = best.flags.filter(Boolean).length;
  const why =
    agreed === 0
      ? `No row is flagged by two of the three methods; ${best.label} agrees with that best (it flags ${flagged}).`
      : `${best.label} agrees best with the ${agreed} row${agreed === 1 ? '' : 's'} at least two methods flag (overlap ${agreement[best.method].toFixed(2)}).`;
  return { method: best.method, consensus: agreed, agreement, separation: sep, why };
}
