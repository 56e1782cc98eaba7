import type { RegistryModel } from '@shared/channels';
import { formatMetric } from '@shared/charts';
import type { MetricName } from '@shared/tasks';

/**
 * `automl models list` for a person: one line per model, newest first: its id, the active version (of how many),
 * what it predicts, the active version's test score, the file it was trained on and when. `--json` keeps the data.
 */
export function describeModels(models: RegistryModel[]): string {
  if (!models.length) return 'No models yet. Train one with: automl run <data.csv> --goal "<what to predict>"';
  const newest = (m: RegistryModel) => Math.max(...m.versions.map((v) => v.createdAt));
  const sorted = [...models].sort((a, b) => newest(b) - newest(a));
  const width = Math.max(...sorted.map((m) => m.modelId.length));
  const lines = sorted.map((m) => {
    const v = m.versions.find((x) => x.version === m.activeVersion) ?? m.versions[m.versions.length - 1];
    const active = `v${m.activeVersion}${m.versions.length > 1 ? ` of ${m.versions.length}` : ''}`;
    const what = v ? `${v.task}${v.target ? ` of ${v.target}` : ''}` : '';
    const score =
      v?.metric && v.score !== undefined ? `test ${v.metric} ${formatMetric(v.metric as MetricName, v.score)}` : '';
    const when = v ? new Date(v.createdAt).toISOString().slice(0, 16).replace('T', ' ') : '';
    return `  ${m.modelId.padEnd(width)}  ${[active, what, score, v?.dataset ?? '', when].filter(Boolean).join(' · ')}`;
  });
  return [
    `${models.length} model${models.length === 1 ? '' : 's'}, newest first (automl models show <id>):`,
    ...lines,
  ].join('\n');
}
