import { lowerIsBetter, metricLabel } from '@shared/charts';
import type { DataProfile, DatasetInfo, LeaderboardRow, PreprocessPlan, TrainingSummary } from '@shared/project';
import { esc, metric, num, pct, section } from '../html';
import { formatDecimal } from '@shared/locale';

/** One warning: a short category a reader can scan, and a sentence that says what to do. */
export interface ReportWarning {
  category:
    'Possible leakage' | 'Small data' | 'Imbalance' | 'Overfitting' | 'Missing values' | 'Data quality' | 'Training';
  text: string;
}

export interface WarningInput {
  dataset: DatasetInfo;
  profile: DataProfile;
  plan: PreprocessPlan;
  training: TrainingSummary;
  target: string | null;
  chosen: LeaderboardRow | null;
}

function categorise(text: string): ReportWarning['category'] {
  const t = text.toLowerCase();
  if (/leak|identical to the target|perfect/.test(t)) return 'Possible leakage';
  if (/imbalanc|rare class|minority/.test(t)) return 'Imbalance';
  if (/few rows|small|only \d+ rows|too few/.test(t)) return 'Small data';
  if (/missing|empty/.test(t)) return 'Missing values';
  return 'Data quality';
}

const val = (m: LeaderboardRow['metrics'] | undefined, k: string): number | undefined =>
  m ? (m as Record<string, number | undefined>)[k] : undefined;

/** The report's own checks, on top of what the profiler and planner already said. */
export function ownChecks(w: WarningInput): ReportWarning[] {
  const out: ReportWarning[] = [];
  const { profile, plan, training, target, chosen } = w;
  const features = plan.columns.filter((c) => c.role === 'feature' || c.role === 'text' || c.role === 'date');
  const featureNames = new Set(features.map((c) => c.name));

  if (profile.rows < 200) {
    out.push({
      category: 'Small data',
      text: `Only ${num(profile.rows)} rows. Scores on so few rows move a lot from one split to another: treat them as rough, and collect more data if you can.`,
    });
  } else if (features.length > 0 && profile.rows < features.length * 10) {
    out.push({
      category: 'Small data',
      text: `${num(profile.rows)} rows for ${features.length} input columns: fewer than 10 rows per column, so the model can fit noise. Drop columns that cannot matter.`,
    });
  }

  const ratio = profile.target?.imbalanceRatio;
  if (ratio !== undefined && ratio >= 5) {
    out.push({
      category: 'Imbalance',
      text: `The largest class is ${formatDecimal(ratio, 1)}× the smallest. Accuracy can look good while the rare class is missed: read recall, F1 and the confusion matrix.${plan.classWeights ? ' Classes were weighted during training to compensate.' : ' Consider turning on class weights.'}`,
    });
  }

  if (target) {
    for (const c of profile.correlations) {
      const other = c.a === target ? c.b : c.b === target ? c.a : null;
      if (other && featureNames.has(other) && Math.abs(c.value) >= 0.95) {
        out.push({
          category: 'Possible leakage',
          text: `Column "${other}" is almost a copy of the target (${c.method === 'cramers_v' ? "Cramér's V" : c.method} ${formatDecimal(c.value, 3)}). If it is only known after the outcome, drop it and retrain.`,
        });
      }
    }
  }

  if (chosen) {
    const m = training.metric;
    const test = val(chosen.testMetrics, m);
    const valid = val(chosen.metrics, m);
    const score = test ?? valid;
    const perfect =
      (m === 'r2' && score !== undefined && score >= 0.995) ||
      (['accuracy', 'roc_auc', 'f1', 'f1_macro'].includes(m) && score !== undefined && score >= 0.995);
    if (perfect) {
      out.push({
        category: 'Possible leakage',
        text: `The model scores ${metricLabel(m)} ${metric(score)}, which is nearly perfect. Real data rarely allows that: check that no input column is derived from the target or recorded after it.`,
      });
    }
    if (test !== undefined && valid !== undefined) {
      const worse = lowerIsBetter(m) ? test > valid * 1.5 && test - valid > 1e-9 : valid - test > 0.1;
      if (worse) {
        out.push({
          category: 'Overfitting',
          text: `${metricLabel(m)} drops from ${metric(valid)} in validation to ${metric(test)} on the test rows. The model may be tuned to the validation data; expect the test figure on new data.`,
        });
      }
    }
  }

  const imp = (training.featureImportance ?? []).filter((i) => Number.isFinite(i.importance));
  const total = imp.reduce((s, i) => s + Math.abs(i.importance), 0);
  if (imp.length >= 3 && total > 0) {
    const top = imp.reduce((a, b) => (Math.abs(b.importance) > Math.abs(a.importance) ? b : a));
    if (Math.abs(top.importance) / total >= 0.7) {
      out.push({
        category: 'Possible leakage',
        text: `The model relies on "${top.feature}" for ${pct(Math.abs(top.importance) / total, 0)} of its importance. If that column is a proxy for the answer, the model will not work on new data.`,
      });
    }
  }

  for (const c of profile.columns) {
    if (featureNames.has(c.name) && c.missingPct >= 0.5) {
      out.push({
        category: 'Missing values',
        text: `"${c.name}" is ${pct(c.missingPct, 0)} missing; the model mostly sees the filled-in value. Check why it is empty, or drop it.`,
      });
    }
  }

  const rejected = w.dataset.rejectedRows?.length ?? 0;
  if (rejected > 0) {
    const many = rejected !== 1;
    out.push({
      category: 'Data quality',
      text: `${rejected}${rejected >= 50 ? '+' : ''} row${many ? 's' : ''} of the file could not be read and ${many ? 'were' : 'was'} left out. Fix ${many ? 'them' : 'it'} in the file to use ${many ? 'them' : 'it'}.`,
    });
  }
  if (training.cancelled)
    out.push({
      category: 'Training',
      text: 'Training was cancelled before the budget ran out; a longer run may find a better model.',
    });
  const failed = training.leaderboard.filter((r) => r.status === 'failed');
  if (failed.length)
    out.push({
      category: 'Training',
      text: `${failed.length} model${failed.length === 1 ? '' : 's'} failed to train (${failed.map((r) => r.label).join(', ')}).`,
    });
  const late = training.leaderboard.filter((r) => r.status === 'out_of_time');
  if (late.length)
    out.push({
      category: 'Training',
      text: `The time budget ran out before ${late.length === 1 ? 'one method' : `${late.length} methods`} finished (${late.map((r) => r.label).join(', ')}); a longer budget tries ${late.length === 1 ? 'it' : 'them'} too.`,
    });
  return out;
}

const ORDER: ReportWarning['category'][] = [
  'Possible leakage',
  'Overfitting',
  'Imbalance',
  'Small data',
  'Missing values',
  'Data quality',
  'Training',
];

/** True when a warning the profiler or planner gave already says what `own` says. */
function alreadySaid(own: ReportWarning, given: ReportWarning[]): boolean {
  if (own.category === 'Imbalance' || own.category === 'Small data')
    return given.some((g) => g.category === own.category);
  if (own.category === 'Missing values' || own.category === 'Possible leakage') {
    const column = /"([^"]*)"/.exec(own.text)?.[1];
    return column !== undefined && given.some((g) => g.category === own.category && g.text.includes(column));
  }
  return false;
}

/** Profile and plan warnings plus the report's own checks, without repeats, most serious first. */
export function collectWarnings(w: WarningInput): ReportWarning[] {
  const given = [...w.profile.warnings, ...w.plan.warnings].map((text) => ({ category: categorise(text), text }));
  const seen = new Set<string>();
  const all = [...given, ...ownChecks(w).filter((o) => !alreadySaid(o, given))].filter((x) => {
    const key = x.text.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Stable sort: within a category, the profiler's own words come first.
  return all
    .map((x, i) => ({ x, i }))
    .sort((a, b) => ORDER.indexOf(a.x.category) - ORDER.indexOf(b.x.category) || a.i - b.i)
    .map((e) => e.x);
}

export function warningsSection(warnings: ReportWarning[]): string {
  if (!warnings.length) {
    return section(
      'warnings',
      'Warnings',
      '<p class="ok">No warnings: no sign of leakage, heavy imbalance, or too little data was found.</p>',
    );
  }
  const items = warnings
    .map((x) => `<li class="warning"><span class="tag">${esc(x.category)}</span> ${esc(x.text)}</li>`)
    .join('\n');
  return section(
    'warnings',
    'Warnings',
    `<p>Read these before trusting the numbers above.</p><ul class="warnings">${items}</ul>`,
  );
}
