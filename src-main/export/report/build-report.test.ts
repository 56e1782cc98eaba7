import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { describe, expect, it } from 'vitest';
import { buildReport } from './build-report';
import { readDiagnostics, trapezoid } from '@shared/charts';
import { classificationInput, HOSTILE } from './report-fixture';
import type { LeaderboardRow } from '@shared/project';

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;
type Element = DefaultTreeAdapterTypes.Element;

function walk(node: Node, visit: (el: Element) => void): void {
  if ('tagName' in node) visit(node);
  const kids = 'childNodes' in node ? node.childNodes : [];
  for (const k of kids) walk(k, visit);
  if ('content' in node && node.content) walk(node.content as unknown as Node, visit);
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  return 'childNodes' in node ? node.childNodes.map((c) => textOf(c)).join('') : '';
}

function parseReport(html: string) {
  const errors: string[] = [];
  const doc = parse(html, { onParseError: (e) => errors.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
  const elements: Element[] = [];
  walk(doc, (el) => elements.push(el));
  return { doc, errors, elements };
}

const attr = (el: Element, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;

describe('buildReport (classification, hostile names)', () => {
  const html = buildReport(classificationInput());
  const { doc, errors, elements } = parseReport(html);

  it('is well-formed HTML5', () => {
    expect(errors).toEqual([]);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('has every section, in order', () => {
    const ids = elements.filter((e) => e.tagName === 'section').map((e) => attr(e, 'id'));
    expect(ids).toEqual(['goal', 'data', 'plan', 'models', 'diagnostics', 'importance', 'warnings', 'usage', 'about']);
    // Every contents link points at a section of this page.
    const links = elements.filter((e) => e.tagName === 'a').map((e) => attr(e, 'href'));
    expect(links.length).toBe(ids.length);
    for (const l of links) expect(ids).toContain(l!.slice(1));
  });

  it('draws the charts as inline SVG from the shared specs', () => {
    const kinds = elements.filter((e) => e.tagName === 'svg').map((e) => attr(e, 'data-kind'));
    // Column sparklines (histogram + top values), target, missingness, correlations, leaderboard, confusion, ROC, PR, importance.
    expect(kinds.filter((k) => k === 'heatmap').length).toBe(2);
    expect(kinds.filter((k) => k === 'line').length).toBe(2);
    expect(kinds.filter((k) => k === 'histogram').length).toBeGreaterThanOrEqual(1);
    expect(kinds.filter((k) => k === 'bar').length).toBeGreaterThanOrEqual(5);
    const roc = elements.find((e) => e.tagName === 'svg' && attr(e, 'aria-label') === 'ROC curve')!;
    expect(textOf(roc)).toMatch(/AUC 0\.8\d\d/);
  });

  it('makes no external request: no scripts, links, frames, images or URLs in attributes or CSS', () => {
    for (const el of elements) {
      expect(['script', 'link', 'iframe', 'img', 'object', 'embed', 'base']).not.toContain(el.tagName);
      for (const a of el.attrs) {
        expect(a.name.startsWith('on'), `${el.tagName} ${a.name}`).toBe(false);
        if (['src', 'href', 'xlink:href', 'action', 'srcset', 'poster', 'data'].includes(a.name)) {
          expect(a.value, `${el.tagName}[${a.name}]`).toMatch(/^#/);
        }
        expect(a.value).not.toMatch(/https?:\/\//);
      }
    }
    const css = elements
      .filter((e) => e.tagName === 'style')
      .map(textOf)
      .join('');
    expect(css).not.toMatch(/url\(|@import|@font-face/);
    // Outside the model.json text echoed in "About", the document mentions no URL at all.
    expect(html.replace('https://example.com/should-not-appear', '')).not.toMatch(/https?:\/\//);
  });

  it('escapes every data-derived string: the hostile column name is text, never markup', () => {
    expect(html).not.toContain(HOSTILE);
    expect(elements.filter((e) => e.tagName === 'script')).toEqual([]);
    const body = textOf(doc);
    // It shows up as literal text in the title, the column table, the plan, the leaderboard and the ONNX inputs.
    expect(body.split(HOSTILE).length - 1).toBeGreaterThanOrEqual(8);
    const title = elements.find((e) => e.tagName === 'title')!;
    expect(textOf(title)).toBe(`Churn ${HOSTILE} — model report`);
  });

  it('lists profile/plan warnings and its own checks (leakage, imbalance, small data, overfitting, failures)', () => {
    const warnings = elements.filter((e) => e.tagName === 'li' && attr(e, 'class') === 'warning').map(textOf);
    const tags = warnings.map((w) => w.split(' ')[0] + (w.startsWith('Possible') ? ' leakage' : ''));
    expect(warnings.some((w) => /Possible leakage.*tenure.*almost a copy of the target/s.test(w))).toBe(true);
    // The planner already warned about imbalance: said once, in its words.
    expect(warnings.filter((w) => w.startsWith('Imbalance'))).toEqual([
      'Imbalance Classes are imbalanced (6.5:1): class weights are on.',
    ]);
    expect(warnings.filter((w) => w.startsWith('Missing values'))).toHaveLength(1);
    expect(warnings.some((w) => /Small data.*Only 150 rows/s.test(w))).toBe(true);
    expect(warnings.some((w) => /Overfitting.*0\.9600.*0\.8000/s.test(w))).toBe(true);
    expect(warnings.some((w) => /Training.*1 model failed/s.test(w))).toBe(true);
    expect(warnings.some((w) => /Missing values/.test(w))).toBe(true);
    expect(warnings.some((w) => /could not be read/.test(w))).toBe(true);
    expect(tags.length).toBe(new Set(warnings).size);
    // Most serious first.
    expect(warnings[0]).toMatch(/^Possible leakage/);
    expect(warnings.at(-1)).toMatch(/^Training/);
  });

  it('documents the ONNX contract with one input per column and class order', () => {
    const usage = elements.find((e) => e.tagName === 'section' && attr(e, 'id') === 'usage')!;
    const text = textOf(usage);
    expect(text).toContain('tenure');
    expect(text).toMatch(/tensor\(double\) \[N, 1\]/);
    expect(text).toMatch(/tensor\(string\) \[N, 1\]/);
    expect(text).toContain(`probabilities`);
    expect(text).toContain('automl predict bundle.zip new.csv --out predictions.csv');
    expect(text).toContain(`yes ${HOSTILE}`);
  });

  it('marks the exported model and ranks by the metric', () => {
    const rows = elements.filter((e) => e.tagName === 'table' && attr(e, 'class') === 'leaderboard')[0];
    const first = textOf(rows)
      .split('\n')
      .filter((l) => l.trim())[1];
    expect(first).toMatch(/^1Gradient-boosted trees/);
    expect(first).toContain('exported');
  });

  it('prints without the contents bar and keeps figures on one page', () => {
    expect(html).toMatch(/@media print[\s\S]*nav\.toc \{ display: none; \}/);
    expect(html).toMatch(/break-inside: avoid/);
  });
});

describe('buildReport (a paragraph as a frequent value)', () => {
  // Found on licence texts from /usr/share/doc read as a category: the column table printed three whole licences.
  it('shows the start of each frequent value in the column table', () => {
    const input = classificationInput();
    const mit = `Permission is hereby granted, free of charge, to any person obtaining a copy ${'of this software '.repeat(20)}`;
    const col = input.profile.columns.find((c) => c.name === 'churned')!;
    col.topValues = [{ value: mit, count: 288 }];
    const html = buildReport(input);
    expect(html).toContain('<td>top: Permission is hereby granted, free of c… (288)</td>');
  });
});

describe('buildReport (regression, minimal input)', () => {
  /** One ridge run predicting `tenure`, its 4 shown rows each 0.5 below the truth; `testMetrics` on the run if given. */
  const ridgeInput = (testMetrics?: LeaderboardRow['testMetrics']) => {
    const input = classificationInput();
    input.intent = { ...input.intent, task: 'regression', target: 'tenure' };
    input.training = {
      ...input.training,
      task: 'regression',
      metric: 'rmse',
      confusion: undefined,
      leaderboard: [
        {
          modelId: 'r',
          family: 'ridge',
          label: 'Ridge regression',
          params: {},
          metrics: { rmse: 2 },
          ...(testMetrics ? { testMetrics } : {}),
          fitSeconds: 1,
          status: 'done',
        },
      ],
      bestModelId: 'r',
      diagnostics: {
        kind: 'regression',
        predictedVsActual: [1, 2, 3, 4].map((v) => ({ predicted: v, actual: v + 0.5 })),
        residuals: [],
      },
    };
    return input;
  };

  it('draws residuals and predicted-vs-actual from the trainer diagnostics, and says what is missing', () => {
    const input = ridgeInput();
    input.training.featureImportance = undefined;
    input.pipeline = null;
    const html = buildReport(input);
    const { errors, elements } = parseReport(html);
    expect(errors).toEqual([]);
    const labels = elements.filter((e) => e.tagName === 'svg').map((e) => attr(e, 'aria-label'));
    expect(labels).toContain('Residuals');
    expect(labels).toContain('Predicted vs actual');
    expect(html).toContain('Feature importance was not computed');
    expect(html).toMatch(/the model tends to predict too low/);
    expect(html).toContain('On the 4 holdout rows shown: mean absolute error 0.50');
  });

  it("states the test set's own error, not the shown sample's, when the exported model has test metrics", () => {
    // diamonds: the 200 rows a chart shows had RMSE 785 while the test RMSE was 542; the report printed the 785.
    const input = ridgeInput({ rmse: 542.1, mae: 280.2 });
    const html = buildReport(input);
    expect(html).toContain(
      'On all test rows (as in the leaderboard): mean absolute error 280.2, root mean squared error 542.1. On the 4 shown:',
    );
    expect(html).not.toContain('root mean squared error 0.50');
  });
});

describe('readDiagnostics (the one reader of TrainingSummary.diagnostics, for the review and the report)', () => {
  it('reads the trainer shapes (point objects, per-class curves) and computes AUC', () => {
    const d = readDiagnostics({
      kind: 'multiclass',
      perClass: ['a', 'b'].map((c) => ({
        class: c,
        roc: [
          { fpr: 0, tpr: 0 },
          { fpr: 0, tpr: 1 },
          { fpr: 1, tpr: 1 },
        ],
        pr: [{ recall: 1, precision: 1 }],
      })),
    });
    expect(d.roc.map((r) => r.label)).toEqual(['a', 'b']);
    expect(d.roc[0].auc).toBeCloseTo(1);
    expect(d.pr).toHaveLength(2);
    expect(trapezoid([0, 1], [0, 1])).toBeCloseTo(0.5);
    const empty = readDiagnostics(undefined);
    expect([empty.roc, empty.pr, empty.residuals, empty.forecast]).toEqual([[], [], undefined, undefined]);
    const r = readDiagnostics({ residuals: [{ predicted: 2, residual: -1 }] });
    expect(r.residuals).toEqual({ predicted: [2], actual: [1] });
  });
});

describe('buildReport (forecast: no pipeline, empty plan, task charts)', () => {
  it('draws the task charts and the forecast, skips malformed specs, and still makes no request', () => {
    const input = classificationInput();
    const day = 86_400_000;
    input.intent = { ...input.intent, task: 'forecast', target: 'sales', date: 'day', horizon: 14 };
    input.plan = {
      columns: [],
      validation: { kind: 'time', testFraction: 0.2, stratified: false },
      classWeights: false,
      warnings: [],
    };
    input.pipeline = null;
    input.training = {
      task: 'forecast',
      metric: 'mase',
      leaderboard: [
        {
          modelId: 'ets',
          family: 'ets',
          label: 'Holt-Winters',
          params: {},
          metrics: { mase: 0.8 },
          fitSeconds: 0.3,
          status: 'done',
        },
        {
          modelId: 'tbats',
          family: 'arima',
          label: 'Seasonal ARIMA',
          params: {},
          metrics: {},
          fitSeconds: 0,
          status: 'out_of_time',
          error: 'The time budget ran out before this method started; a longer budget tries it.',
        },
      ],
      bestModelId: 'ets',
      elapsedSeconds: 1,
      cancelled: false,
      diagnostics: {
        charts: [
          { title: 'Backtest error', spec: { kind: 'bar', bars: [{ label: 'fold 1', value: 0.7 }] } },
          { title: 'Seasonality', spec: { kind: 'bar', bars: [] } },
        ],
        forecast: {
          historyX: [0, 1, 2].map((i) => i * day),
          historyY: [1, 2, 3],
          forecastX: [3, 4].map((i) => i * day),
          forecastY: [4, 5],
          lower: [3, 3],
          upper: [5, 7],
        },
      },
    };
    input.charts = [
      {
        title: 'Seasonality',
        spec: {
          kind: 'bar',
          bars: [
            { label: 'Mon', value: 3 },
            { label: HOSTILE, value: 2 },
          ],
        },
      },
      { title: `Broken ${HOSTILE}`, spec: { kind: 'pie', slices: [] } },
    ];
    const html = buildReport(input);
    const { errors, elements } = parseReport(html);
    expect(errors).toEqual([]);
    const ids = elements.filter((e) => e.tagName === 'section').map((e) => attr(e, 'id'));
    expect(ids).toEqual(['goal', 'data', 'plan', 'models', 'results', 'diagnostics', 'warnings', 'usage', 'about']);
    const labels = elements.filter((e) => e.tagName === 'svg').map((e) => attr(e, 'aria-label'));
    expect(labels).toContain('Seasonality');
    expect(labels).toContain('Forecast');
    expect(labels).toContain('Backtest error');
    // Drawn once even though both task-result.json and the diagnostics carry it.
    expect(labels.filter((l) => l === 'Seasonality')).toHaveLength(1);
    expect(html).toContain(`Not drawn (malformed chart data): Broken &lt;script&gt;`);
    expect(html).toContain('automl predict bundle.zip history.csv --horizon 14');
    expect(html).not.toContain(HOSTILE);
    // The preprocessing speaks of the series, not of an empty column plan (forecast::taylor hourly, session 12).
    expect(html).not.toMatch(/0 columns feed|0% of the rows held out/);
    expect(html).toMatch(/The forecast reads <code>sales<\/code> along <code>day<\/code>/);
    // A method the budget stopped is out of time, not a failed model (forecast::taylor hourly, session 12).
    const warnings = elements.filter((e) => e.tagName === 'li' && attr(e, 'class') === 'warning').map(textOf);
    expect(
      warnings.some((w) => /Training.*time budget ran out before one method finished \(Seasonal ARIMA\)/s.test(w)),
    ).toBe(true);
    expect(html).not.toMatch(/failed to train/);
    expect(html).toContain('<span class="muted">out of time</span>');
    expect(html).toMatch(/1 model was trained in [^,]+ \(1 more ran out of time\), ranked/);

    // When the results already draw the forecast, the diagnostics do not draw it a second time.
    input.charts = [{ title: 'Forecast', spec: { kind: 'line', series: [{ name: 'History', x: [0, 1], y: [1, 2] }] } }];
    const once = parseReport(buildReport(input)).elements;
    expect(once.filter((e) => e.tagName === 'svg' && attr(e, 'aria-label') === 'Forecast')).toHaveLength(1);
    expect(once.filter((e) => e.tagName === 'section').map((e) => attr(e, 'id'))).not.toContain('diagnostics');
  });
});

describe('buildReport (image folder)', () => {
  it('shows images per class instead of a column table', () => {
    const input = classificationInput();
    input.intent = { ...input.intent, task: 'image', target: null };
    input.dataset = {
      ...input.dataset,
      format: 'images',
      columns: [],
      sample: [],
      imageClasses: [
        { name: 'cat', count: 40 },
        { name: HOSTILE, count: 12 },
      ],
    };
    input.profile = { rows: 52, columns: [], duplicateRows: 0, correlations: [], warnings: [], elapsedMs: 1 };
    input.plan = {
      columns: [],
      validation: { kind: 'holdout', testFraction: 0.2, stratified: true },
      classWeights: false,
      warnings: [],
    };
    input.pipeline = null;
    input.training = { ...input.training, task: 'image', featureImportance: undefined };
    input.modelJson = {
      input: { preprocessing: 'flatten transparency onto white, resize to cover 224x224 and centre-crop' },
      backbone: { architecture: 'MobileNetV2 1.0 224' },
      data: { train: 41, validation: 11 },
    };
    const html = buildReport(input);
    // The glance and the preprocessing speak of pictures (Adwaita icons: "600 × 0 rows × columns", "0 columns feed
    // the model", "0% of the rows held out" over an empty table).
    expect(html).not.toMatch(/× 0|0 columns feed/);
    expect(html).toContain('41 pictures trained the models; 11 were held out');
    expect(html).toContain('flatten transparency onto white');
    const { errors, elements } = parseReport(html);
    expect(errors).toEqual([]);
    expect(elements.some((e) => e.tagName === 'svg' && attr(e, 'aria-label') === 'Images per class')).toBe(true);
    expect(html).toContain('52 images in 2 classes');
    expect(elements.some((e) => e.tagName === 'svg' && attr(e, 'aria-label') === 'Confusion matrix')).toBe(true);
    expect(html).toContain('automl predict bundle.zip new-images/ --out predictions.csv');
    expect(html).not.toContain(HOSTILE);
  });
});

describe('leaderboard with many runs', () => {
  it('charts the best few with unique labels (as the review screen does) and lists every run in the table', () => {
    const input = classificationInput();
    input.training.leaderboard = Array.from({ length: 30 }, (_, i) => ({
      modelId: `logistic-${i}`,
      family: 'logistic' as const,
      label: 'Logistic regression',
      params: { C: i + 0.5 },
      metrics: { accuracy: 0.5 + i / 100 },
      fitSeconds: 0.1,
      status: 'done' as const,
    }));
    input.training.bestModelId = 'logistic-29';
    const { elements } = parseReport(buildReport(input));
    const chart = elements.find((e) => e.tagName === 'svg' && attr(e, 'aria-label') === 'Leaderboard')!;
    expect(textOf(chart)).toMatch(/best 12 of 30/);
    // Runs are named by the order they started, as on the screens: the best 12 are runs 19 to 30.
    expect(textOf(chart)).toMatch(/Logistic regression 30\b/);
    expect(textOf(chart)).toMatch(/Logistic regression 19\b/);
    expect(textOf(chart)).not.toMatch(/Logistic regression 18\b/);
    const table = elements.find((e) => e.tagName === 'table' && attr(e, 'class') === 'leaderboard')!;
    expect(textOf(table)).toContain('Logistic regression 1C=0.5');
  });
});

describe('buildReport (an ensemble in the models table)', () => {
  it('names the members by their runs, not by internal model ids, and lets the line wrap', () => {
    const input = classificationInput();
    const run = (modelId: string, accuracy: number, params: Record<string, number>) => ({
      modelId,
      family: modelId.startsWith('ensemble') ? ('ensemble' as const) : ('gradient_boosting' as const),
      label: modelId.startsWith('ensemble') ? 'Ensemble' : 'Gradient boosting',
      params,
      metrics: { accuracy },
      fitSeconds: 0.1,
      status: 'done' as const,
    });
    input.training.leaderboard = [
      run('gradient_boosting-11', 0.8, { depth: 6 }),
      run('gradient_boosting-12', 0.81, { depth: 4 }),
      run('ensemble-1', 0.83, { 'gradient_boosting-11': 0.375, 'gradient_boosting-12': 0.625 }),
    ];
    input.training.bestModelId = 'ensemble-1';
    const html = buildReport(input);
    const table = parseReport(html).elements.find((e) => e.tagName === 'table' && attr(e, 'class') === 'leaderboard')!;
    expect(textOf(table)).toContain('Gradient boosting 1\u00a0×\u00a00.375, Gradient boosting 2\u00a0×\u00a00.625');
    expect(textOf(table)).not.toContain('gradient_boosting-11');
    expect(textOf(table)).toContain('depth=6');
    expect(html).toMatch(/\.params \{ overflow-wrap: anywhere; \}/);
  });
});

describe('buildReport (a wide table)', () => {
  it('shows the first rows of each per-column table and folds the rest behind "Show the other N rows"', () => {
    // mlbench's DNA (180 binary columns + the class): the data, preprocessing and inputs tables listed every column,
    // and the report was 44,000 px long.
    const input = classificationInput();
    const wide = Array.from({ length: 180 }, (_, i) => `V${i + 1}`);
    const [tenure] = input.profile.columns;
    const target = input.profile.columns.find((c) => c.name === 'churned')!;
    input.profile.columns = [...wide.map((name) => ({ ...tenure, name })), target];
    const [feature] = input.plan.columns;
    input.plan.columns = [...wide.map((name) => ({ ...feature, name })), ...input.plan.columns.slice(-1)];
    if (input.pipeline?.kind === 'single') input.pipeline.inputs = wide.map((name) => ({ name, kind: 'numeric' }));
    const { errors, elements } = parseReport(buildReport(input));
    expect(errors).toEqual([]);
    const folds = elements.filter((e) => e.tagName === 'details' && attr(e, 'class') === 'more-rows');
    expect(folds.map((d) => textOf(d.childNodes.find((c) => c.nodeName === 'summary')!))).toEqual([
      'Show the other 156 rows',
      'Show the other 156 rows',
      'Show the other 155 rows',
    ]);
    // The target leads the column table, so it is never folded away; every column is still in the report.
    const columns = elements.filter((e) => e.tagName === 'table' && attr(e, 'class') === 'columns');
    const bodies = columns.flatMap((t) => t.childNodes.filter((c): c is Element => c.nodeName === 'tbody'));
    const rows = bodies.flatMap((b) => b.childNodes.filter((c): c is Element => c.nodeName === 'tr'));
    expect(rows).toHaveLength(181);
    expect(textOf(rows[0]).trim()).toMatch(/^churned/);
    // A short table is never folded.
    expect(elements.filter((e) => e.tagName === 'details').length).toBe(3);
  });
});
