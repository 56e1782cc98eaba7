import type { ModelCandidate, ModelSelection } from '@shared/project';
import type { StageId } from '@shared/stages';
import { DEFAULT_BUDGET_SECONDS, type ModelFamily, type Task } from '@shared/tasks';

/** Tabular supervised tasks go through every stage; the others skip what does not apply to them. */
export function skippedStages(task: Task): StageId[] {
  switch (task) {
    case 'classification':
    case 'regression':
      return [];
    case 'segment':
    case 'anomaly':
      return ['MODEL_SELECT'];
    case 'forecast':
    case 'image':
      return ['PREPROCESS'];
    case 'correlation':
    case 'summary':
    case 'sentiment':
      return ['PREPROCESS', 'MODEL_SELECT'];
  }
}

export function isSupervisedTabular(task: Task): task is 'classification' | 'regression' {
  return task === 'classification' || task === 'regression';
}

const candidate = (family: string, label: string, rationale: string): ModelCandidate => ({
  family: family as ModelFamily,
  label,
  rationale,
  selected: true,
});

/** Model choices for the tasks that do not come from the tabular engine. */
export function fixedCandidates(task: Task): ModelSelection | null {
  if (task === 'forecast') {
    return {
      budgetSeconds: DEFAULT_BUDGET_SECONDS,
      metric: 'mase',
      candidates: [
        candidate(
          'seasonal_naive',
          'Seasonal naive',
          'Repeats the last season: the baseline every forecast must beat.',
        ),
        candidate(
          'ets',
          'Holt-Winters (ETS)',
          'Level, trend and seasonality, smoothed; strong on regular business series.',
        ),
        candidate('arima', 'Seasonal ARIMA', 'Models autocorrelation left after differencing; good on smooth series.'),
        candidate('gbm_lags', 'Boosted trees on lags', 'Learns non-linear effects of recent values and the calendar.'),
      ],
    };
  }
  if (task === 'image') {
    return {
      budgetSeconds: DEFAULT_BUDGET_SECONDS,
      metric: 'accuracy',
      candidates: [
        candidate('logistic', 'Logistic regression head', 'Fast and hard to overfit on pretrained image embeddings.'),
        candidate(
          'mlp',
          'Small neural network head',
          'Can separate classes the linear head cannot, given enough images.',
        ),
      ],
    };
  }
  return null;
}
