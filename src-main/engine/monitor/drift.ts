/**
 * Compares one batch with the training data: PSI on the training bins, KS (numbers) or chi-square
 * (categories), the change of the missing share, categories the model never saw, and prediction drift; each
 * column gets a level (ok / watch / alert) against the person's thresholds, with the reasons in plain words.
 */
import type { DriftLevel, FeatureDrift, MonitorThresholds, PredictionDrift } from '@shared/monitor';
import type { BatchCounts } from './batch-accumulator';
import { chiSquare, ksFromBins, psi } from './stat-tests';

const RANK: Record<DriftLevel, number> = { ok: 0, watch: 1, alert: 2 };

export function worst(levels: DriftLevel[]): DriftLevel {
  return levels.reduce<DriftLevel>((w, l) => (RANK[l] > RANK[w] ? l : w), 'ok');
}

/** Drift tests call a difference real below this p-value (PSI alone flags noise on small batches). */
const SIGNIFICANT = 0.01;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function psiLevel(value: number | null, p: number | undefined, t: MonitorThresholds): DriftLevel {
  if (value === null) return 'ok';
  // A PSI past the line counts only when the test agrees the distributions differ (when there is a test).
  if (p !== undefined && p >= SIGNIFICANT) return 'ok';
  return value >= t.psiAlert ? 'alert' : value >= t.psiWatch ? 'watch' : 'ok';
}

export function featureDrift(batch: BatchCounts, t: MonitorThresholds): FeatureDrift[] {
  return batch.features.map((f) => {
    const ref = f.ref;
    const missingRate = f.rows ? f.missing / f.rows : 0;
    const trainingMissingRate = ref.missingRate ?? missingRate;
    const reasons: string[] = [];
    const levels: DriftLevel[] = [];
    const out: FeatureDrift = {
      feature: ref.feature,
      kind: ref.kind,
      psi: null,
      missingRate,
      trainingMissingRate,
      level: 'ok',
      reasons,
    };
    if (ref.kind === 'numeric' && f.bins) {
      out.psi = psi(ref.counts, f.bins);
      out.ks = ksFromBins(ref.counts, f.bins) ?? undefined;
      const level = psiLevel(out.psi, out.ks?.p, t);
      levels.push(level);
      if (level !== 'ok') {
        const outside = (f.bins[0] + f.bins[f.bins.length - 1]) / Math.max(1, f.rows - f.missing);
        reasons.push(
          `distribution moved (PSI ${out.psi!.toFixed(2)}, KS ${out.ks!.d.toFixed(2)})${outside > 0.01 ? `; ${pct(outside)} of values outside the training range` : ''}`,
        );
      }
    }
    if (ref.kind === 'categorical' && f.categories) {
      const index = new Map(ref.values.map((v, i) => [v, i]));
      const observed = new Array<number>(ref.counts.length).fill(0);
      let unseen = 0;
      const unseenExamples: string[] = [];
      for (const { value, count } of f.categories) {
        const i = index.get(value);
        if (i !== undefined) observed[i] += count;
        else {
          observed[observed.length - 1] += count;
          if (ref.complete) {
            unseen += count;
            if (unseenExamples.length < 5) unseenExamples.push(value);
          }
        }
      }
      // With a complete list the 'other' bin is empty in training: unseen values are judged on their own below.
      const used = ref.complete ? ref.counts.slice(0, -1) : ref.counts;
      const obs = ref.complete ? observed.slice(0, -1) : observed;
      out.psi = psi(used, obs);
      out.chi2 = chiSquare(used, obs) ?? undefined;
      const level = psiLevel(out.psi, out.chi2?.p, t);
      levels.push(level);
      if (level !== 'ok') reasons.push(`category shares moved (PSI ${out.psi!.toFixed(2)})`);
      if (ref.complete) {
        const present = Math.max(1, f.rows - f.missing);
        out.unseenShare = unseen / present;
        out.unseenExamples = unseenExamples;
        if (out.unseenShare >= t.unseenAlert) {
          levels.push('alert');
          reasons.push(
            `${pct(out.unseenShare)} of rows hold categories the model never saw (${unseenExamples.map((v) => `'${v}'`).join(', ')})`,
          );
        }
      }
    }
    if (Math.abs(missingRate - trainingMissingRate) >= t.missingAlert) {
      levels.push('alert');
      reasons.push(`missing values ${pct(trainingMissingRate)} in training, ${pct(missingRate)} now`);
    }
    out.level = f.rows < t.minRows ? 'ok' : worst(levels);
    if (f.rows < t.minRows) out.reasons = [];
    return out;
  });
}

export function predictionDrift(batch: BatchCounts, t: MonitorThresholds): PredictionDrift {
  const p = batch.prediction;
  const ref = p.ref;
  if (!ref || !p.counts) return { psi: null, level: 'ok' };
  const value = psi(ref.counts, p.counts);
  const test = ref.kind === 'classes' ? chiSquare(ref.counts, p.counts) : ksFromBins(ref.counts, p.counts);
  const level = batch.rows < t.minRows ? 'ok' : psiLevel(value, test?.p, t);
  if (ref.kind === 'classes') {
    const te = ref.counts.reduce((s, c) => s + c, 0) || 1;
    const tb = p.counts.reduce((s, c) => s + c, 0) || 1;
    return {
      psi: value,
      level,
      classShares: ref.labels.map((label, i) => ({ label, batch: p.counts![i] / tb, training: ref.counts[i] / te })),
    };
  }
  return {
    psi: value,
    level,
    ...(p.mean !== undefined && ref.mean !== null ? { mean: { batch: p.mean, training: ref.mean } } : {}),
  };
}
