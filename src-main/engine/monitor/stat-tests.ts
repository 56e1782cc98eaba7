/**
 * The few statistics drift checks need: PSI over shared bins, a two-sample Kolmogorov–Smirnov statistic from
 * binned cumulative counts, a chi-square goodness-of-fit test, and their p-values.
 *
 * The chi-square tail is the regularised upper incomplete gamma function (series / continued fraction, as in
 * Numerical Recipes §6.2): the maintained npm package for it (@stdlib/stats-base-dists-chisquare-cdf) pulls in
 * 211 packages for this one function, so it is written here and checked against textbook values in the tests.
 * The F tail (the forecast's test of a seasonal cycle in a series' changes) is the regularised incomplete beta
 * function by its continued fraction (Numerical Recipes §6.4), checked against scipy's f.sf.
 */

/** Share floor for empty bins (PSI and chi-square divide by shares). */
const FLOOR = 1e-4;

/** Population stability index of `actual` against `expected` counts over the same bins: Σ (a − e) ln(a / e). */
export function psi(expected: ArrayLike<number>, actual: ArrayLike<number>): number | null {
  const te = sum(expected);
  const ta = sum(actual);
  if (te <= 0 || ta <= 0) return null;
  let out = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i] / te, FLOOR);
    const a = Math.max(actual[i] / ta, FLOOR);
    out += (a - e) * Math.log(a / e);
  }
  return out;
}

/** Largest n·m for which ksFromBins computes the exact p-value (a lattice of that many points, ~5 ms). */
export const KS_EXACT_CELLS = 1_000_000;

/**
 * Two-sample KS statistic from counts over the same ordered bins: the largest gap between the two cumulative
 * shares at the bin edges (a lower bound of the exact statistic, which needs the raw training values), and its
 * p-value: exact (ksExactP) when the counts are whole and the product of the totals is at most KS_EXACT_CELLS, where the
 * asymptotic one is off (small batches beside small training sets); else asymptotic, with the effective sample size
 * n·m / (n + m) and Stephens' correction.
 */
export function ksFromBins(expected: ArrayLike<number>, actual: ArrayLike<number>): { d: number; p: number } | null {
  const te = sum(expected);
  const ta = sum(actual);
  if (te <= 0 || ta <= 0) return null;
  let ce = 0;
  let ca = 0;
  let d = 0;
  /** The same gap in whole units: max |ce·ta − ca·te| (d = gap / (te·ta)). */
  let gap = 0;
  for (let i = 0; i < expected.length; i++) {
    ce += expected[i];
    ca += actual[i];
    d = Math.max(d, Math.abs(ce / te - ca / ta));
    gap = Math.max(gap, Math.abs(ce * ta - ca * te));
  }
  if (te * ta <= KS_EXACT_CELLS && whole(expected) && whole(actual)) return { d, p: ksExactP(te, ta, gap) };
  const ne = (te * ta) / (te + ta);
  return { d, p: kolmogorovSf((Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d) };
}

function whole(counts: ArrayLike<number>): boolean {
  for (let i = 0; i < counts.length; i++) if (!Number.isInteger(counts[i])) return false;
  return true;
}

/**
 * Exact P(D ≥ gap / (n·m)) for two samples of n and m values from one continuous distribution: the share of the
 * C(n + m, n) equally likely interleavings of the two sorted samples whose running gap |i·m − j·n| (i values of the
 * first sample and j of the second seen so far) reaches `gap`. One pass over the (n + 1) × (m + 1) lattice keeps the
 * probability of reaching each point without touching the gap; a random interleaving's next value comes from the
 * first sample with probability (n − i) / (n − i + m − j), so the figures stay in [0, 1] (no binomial overflow).
 * Checked against scipy.stats.ks_2samp(method='exact') in the tests.
 */
export function ksExactP(n: number, m: number, gap: number): number {
  if (gap <= 0) return 1;
  // row[j]: the probability for the point (i, j) of the current row i (row i − 1 before it is overwritten).
  const row = new Float64Array(m + 1);
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (i === 0 && j === 0) {
        row[0] = 1;
        continue;
      }
      if (Math.abs(i * m - j * n) >= gap) {
        row[j] = 0;
        continue;
      }
      const fromLeft = i > 0 ? (row[j] * (n - i + 1)) / (n - i + 1 + m - j) : 0;
      const fromBelow = j > 0 ? (row[j - 1] * (m - j + 1)) / (n - i + m - j + 1) : 0;
      row[j] = fromLeft + fromBelow;
    }
  }
  return Math.min(1, Math.max(0, 1 - row[m]));
}

/** P(K > x) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²x²). */
export function kolmogorovSf(x: number): number {
  if (x < 0.27) return 1;
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    s += (k % 2 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/**
 * Chi-square goodness of fit of observed counts against expected shares (shares sum to 1). Bins expected to
 * hold fewer than 5 rows are pooled into one, so the test stays valid on small batches.
 */
export function chiSquare(
  expectedCounts: ArrayLike<number>,
  observed: ArrayLike<number>,
): { stat: number; df: number; p: number } | null {
  const te = sum(expectedCounts);
  const n = sum(observed);
  if (te <= 0 || n <= 0) return null;
  let stat = 0;
  let bins = 0;
  let poolE = 0;
  let poolO = 0;
  for (let i = 0; i < expectedCounts.length; i++) {
    const e = Math.max(expectedCounts[i] / te, FLOOR) * n;
    if (e < 5) {
      poolE += e;
      poolO += observed[i];
      continue;
    }
    stat += (observed[i] - e) ** 2 / e;
    bins++;
  }
  if (poolE > 0) {
    stat += (poolO - poolE) ** 2 / poolE;
    bins++;
  }
  const df = bins - 1;
  if (df < 1) return null;
  return { stat, df, p: chiSquareSf(stat, df) };
}

/** P(X > x) for X ~ chi-square(df). */
export function chiSquareSf(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}

/** P(X > f) for X ~ F(d1, d2). */
export function fSf(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 1;
  return incompleteBeta(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));
}

/** Regularised incomplete beta I_x(a, b). */
function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); beyond, by symmetry.
  if (x < (a + 1) / (a + b + 2)) return Math.min(1, Math.max(0, (Math.exp(lnFront) * betaFraction(a, b, x)) / a));
  return Math.min(1, Math.max(0, 1 - (Math.exp(lnFront) * betaFraction(b, a, 1 - x)) / b));
}

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const clamp = (v: number): number => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / clamp(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m < 500; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / clamp(1 + even * d);
    c = clamp(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / clamp(1 + odd * d);
    c = clamp(1 + odd / c);
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised upper incomplete gamma Q(a, x). */
function gammaQ(a: number, x: number): number {
  const lnPre = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Series for P(a, x).
    let term = 1 / a;
    let s = term;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      s += term;
      if (Math.abs(term) < Math.abs(s) * 1e-15) break;
    }
    return Math.min(1, Math.max(0, 1 - s * Math.exp(lnPre)));
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.max(0, Math.exp(lnPre) * h));
}

/** ln Γ(x), Lanczos approximation (g = 7, n = 9), relative error below 1e-13 for x > 0. */
function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = g[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
