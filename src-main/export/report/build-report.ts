import { writtenNames } from '@shared/column-names';
import { reportWithWrittenNames } from '../written-names';
import type { BundleEntry } from '@shared/bundle';
import { formatMetric, metricLabel, readDiagnostics } from '@shared/charts';
import type {
  DataProfile,
  DatasetInfo,
  Intent,
  LeaderboardRow,
  PreprocessPlan,
  TrainingSummary,
} from '@shared/project';
import type { FittedPipeline } from '../../engine/pipeline/types';
import { esc, num, section, table } from './html';
import { dataSection } from './sections/data';
import { diagnosticsSection } from './sections/diagnostics';
import { goalSection, taskWords } from './sections/goal';
import { importanceSection } from './sections/importance';
import { explanationsSection } from './sections/explanations';
import { leaderboardSection } from './sections/leaderboard';
import { rankRows } from '@shared/leaderboard';
import { metricUnit, withUnit } from '@shared/units';
import { forecastPlanSection, imagePlanSection, planSection } from './sections/plan';
import { resultsSection } from './sections/results';
import { usageSection } from './sections/usage';
import { collectWarnings, warningsSection } from './sections/warnings';
import { REPORT_CSS } from './styles';

/** Everything the report shows. All of it is plain data already in the project state or the artifact dir. */
export interface ReportInput {
  projectName: string;
  goal: string;
  intent: Intent;
  dataset: DatasetInfo;
  profile: DataProfile;
  plan: PreprocessPlan;
  training: TrainingSummary;
  /** The exported pipeline (pipeline.json); null for tasks without one. Supplies the ONNX inputs and classes. */
  pipeline: FittedPipeline | null;
  /** model.json as written into the bundle; its scalar fields (versions, ids) go into the "About" section. */
  modelJson?: object;
  createdAt: Date;
  /** Extra sections appended before "About"; `html` is trusted markup produced by our own code, not escaped here. */
  extraSections?: Array<{ title: string; html: string }>;
  /** Steps the forecast made (`automl predict --horizon` counts steps; a trading-day calendar has fewer than the days asked for). */
  forecastSteps?: number;
  /** The leaderboard row that was exported (ProjectState.chosenModelId); defaults to training.bestModelId. */
  chosenModelId?: string | null;
  /** Task-specific chart specs (src-shared/charts) from task-result.json, drawn in a "Results" section. */
  charts?: Array<{ title: string; spec: unknown }>;
  /** The files of the bundle this report goes into (`bundleEntries`), listed under "Use the model". */
  bundle?: BundleEntry[];
}

function chosenRow(input: ReportInput): LeaderboardRow | null {
  const id = input.chosenModelId ?? input.training.bestModelId;
  const byId = input.training.leaderboard.find((r) => r.modelId === id);
  return (
    byId ??
    rankRows(
      input.training.leaderboard.filter((r) => r.status === 'done'),
      input.training.metric,
    )[0] ??
    null
  );
}

function glance(input: ReportInput, chosen: LeaderboardRow | null): string {
  const m = input.training.metric;
  const test = chosen?.testMetrics ? (chosen.testMetrics as Record<string, number | undefined>)[m] : undefined;
  const valid = chosen ? (chosen.metrics as Record<string, number | undefined>)[m] : undefined;
  const items = [
    { label: 'task', value: input.intent.task },
    { label: 'exported model', value: chosen?.label ?? '–' },
    {
      label: `${test !== undefined ? 'test' : 'validation'} ${withUnit(metricLabel(m), metricUnit(m, input.intent.target))}`,
      value: formatMetric(m, test ?? valid),
    },
    input.training.task === 'image'
      ? { label: 'images', value: num((input.dataset.imageClasses ?? []).reduce((s, c) => s + c.count, 0)) }
      : { label: 'rows × columns', value: `${num(input.profile.rows)} × ${input.profile.columns.length}` },
  ];
  return `<div class="cards">${items.map((c) => `<div class="card"><div class="card-value">${esc(c.value)}</div><div class="card-label">${esc(c.label)}</div></div>`).join('')}</div>`;
}

function aboutSection(input: ReportInput, chosen: LeaderboardRow | null): string {
  const rows: string[][] = [
    ['Project', esc(input.projectName)],
    [
      'Created',
      esc(
        input.createdAt
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, ' UTC'),
      ),
    ],
  ];
  if (chosen) rows.push(['Model id', `<code>${esc(chosen.modelId)}</code>`]);
  const flat = (prefix: string, obj: object, depth: number): void => {
    for (const [k, v] of Object.entries(obj)) {
      if (rows.length > 24) return;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        rows.push([esc(prefix + k), esc(String(v))]);
      else if (depth < 1 && v && typeof v === 'object' && !Array.isArray(v) && /version|producer|created|id/i.test(k))
        flat(`${prefix}${k}.`, v, depth + 1);
    }
  };
  if (input.modelJson) flat('', input.modelJson, 0);
  return section('about', 'About this export', table(['', ''], rows, { className: 'kv' }));
}

/**
 * The report as one self-contained HTML document: inline CSS, charts as inline SVG from the shared chart specs,
 * no scripts, no external requests. Every data-derived string is escaped.
 */
export function buildReport(asRead: ReportInput): string {
  // Columns named as the person's file writes them ('price', not the app's 'price_1').
  const input = reportWithWrittenNames(asRead);
  const chosen = chosenRow(input);
  const target = input.intent.target;
  const supervised = input.training.task === 'regression' || input.training.task === 'classification';
  const diag = readDiagnostics(input.training.diagnostics);
  const period = input.profile.columns.find((c) => c.name === input.intent.date)?.period ?? null;
  // The forecast chart of the results is the diagnostics' one too: drawn once, under Results.
  const hasForecast =
    diag.forecast !== undefined &&
    ![...(input.charts ?? []), ...(diag.charts ?? [])].some((c) => c.title === 'Forecast');
  // Task charts come from task-result.json (input.charts) and/or the diagnostics; the same title is drawn once.
  const taskCharts = [...(input.charts ?? []), ...(diag.charts ?? [])].filter(
    (c, i, all) => all.findIndex((d) => d.title === c.title) === i,
  );
  const classes = input.pipeline?.classes ?? input.training.confusion?.labels ?? null;
  const warnings = collectWarnings({
    dataset: input.dataset,
    profile: input.profile,
    plan: input.plan,
    training: input.training,
    target,
    chosen,
  });
  const extra = (input.extraSections ?? []).map((s, i) => section(`extra-${i + 1}`, s.title, s.html));
  const parts: Array<[string, string, string]> = [
    ['goal', 'Goal', goalSection(input.goal, input.intent, period)],
    ['data', 'Data', dataSection(input.dataset, input.profile, target)],
    [
      'plan',
      'Preprocessing',
      input.training.task === 'image'
        ? imagePlanSection(input.modelJson)
        : input.training.task === 'forecast'
          ? forecastPlanSection(input.intent, period)
          : planSection(input.plan),
    ],
    ['models', 'Models', leaderboardSection(input.training, chosen?.modelId ?? null, target)],
    ...(taskCharts.length
      ? ([['results', 'Results', resultsSection(taskCharts)]] as Array<[string, string, string]>)
      : []),
    ...(supervised || hasForecast || input.training.task === 'image'
      ? ([['diagnostics', 'Diagnostics', diagnosticsSection(input.training, target)]] as Array<
          [string, string, string]
        >)
      : []),
    ...(supervised
      ? ([
          ['importance', 'Importance', importanceSection(input.training)],
          ...(input.training.explanations
            ? [['explanations', 'Why it predicts', explanationsSection(input.training, chosen?.modelId ?? null)]]
            : []),
        ] as Array<[string, string, string]>)
      : []),
    ['warnings', `Warnings${warnings.length ? ` (${warnings.length})` : ''}`, warningsSection(warnings)],
    [
      'usage',
      'Use the model',
      usageSection(
        input.intent.task,
        input.pipeline,
        input.plan,
        input.dataset,
        classes,
        input.forecastSteps ?? input.intent.horizon,
        input.bundle,
        Object.fromEntries(writtenNames(asRead.profile.columns)),
      ),
    ],
    ...extra.map((html, i): [string, string, string] => [`extra-${i + 1}`, input.extraSections![i].title, html]),
    ['about', 'About', aboutSection(input, chosen)],
  ];
  const toc = parts.map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`).join('');
  const title = `${input.projectName} — model report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="AutoML Desktop">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="top">
<h1>${esc(input.projectName)}</h1>
<p class="sub">${esc(taskWords(input.intent.task))}${target ? ` · target <code>${esc(target)}</code>` : ''} · ${esc(input.createdAt.toISOString().slice(0, 10))}</p>
${glance(input, chosen)}
<nav class="toc" aria-label="Contents">${toc}</nav>
</header>
${parts.map((p) => p[2]).join('\n')}
<footer>Made with AutoML Desktop on the person's own machine; no data left it. This file is self-contained and works offline.</footer>
</main>
</body>
</html>
`;
}
