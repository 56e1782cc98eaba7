import { formatMetric, metricLabel } from '@shared/charts';
import type { ProjectState, ProjectSummary } from '@shared/project';
import { STAGE_LABELS, STAGES } from '@shared/stages';

/** The headline score of a trained project: the chosen model's test metric, else its validation one. */
function headline(state: ProjectState): string | null {
  const t = state.training;
  if (!t) return null;
  const row = t.leaderboard.find((r) => r.modelId === (state.chosenModelId ?? t.bestModelId));
  if (!row) return null;
  const value = row.testMetrics?.[t.metric] ?? row.metrics[t.metric];
  return value === undefined ? row.label : `${row.label} · ${metricLabel(t.metric)} ${formatMetric(t.metric, value)}`;
}

/** One line of the recent-projects list: the data, the task, and where the project got to. */
export function projectSummary(s: ProjectState): ProjectSummary {
  const current = STAGES.find((st) => !['done', 'skipped'].includes(s.stages[st].status)) ?? 'EXPORT';
  const failed = STAGES.find((st) => s.stages[st].status === 'failed');
  const score = headline(s);
  let outcome: ProjectSummary['outcome'];
  if (s.stages.EXPORT.status === 'done' && s.export) {
    const where = s.export.modelId ? `exported as ${s.export.modelId} v${s.export.version}` : 'exported';
    outcome = { state: 'exported', text: score ? `${score} · ${where}` : where };
  } else if (failed) {
    const why = s.stages[failed].error?.code === 'cancelled' ? 'cancelled' : 'failed';
    outcome = { state: 'failed', text: `${STAGE_LABELS[failed]} ${why}` };
  } else if (score) {
    outcome = { state: 'trained', text: score };
  } else {
    outcome = { state: 'open', text: `At ${STAGE_LABELS[current]}` };
  }
  return {
    id: s.id,
    name: s.name,
    goal: s.goal,
    updatedAt: s.updatedAt,
    currentStage: current,
    task: s.intent?.task,
    ...(s.dataset ? { dataset: s.dataset.originalName } : {}),
    outcome,
  };
}
