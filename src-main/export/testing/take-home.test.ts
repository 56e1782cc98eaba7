/**
 * What the person takes home, end to end on the housing sample: train for real (small budget), export ONNX,
 * build report + notebook, zip them, unzip, run the notebook top to bottom against the unzipped bundle, and run
 * the report's Node snippet against model.onnx. ~20 s on 2 cores.
 * The notebook runs with AUTOML_NOTEBOOK_PYTHON (default Debian's /usr/bin/python3); when that Python has
 * onnxruntime, the notebook's ONNX cell must match the app's holdout predictions, otherwise it must skip cleanly.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from '../../engine/artifacts/store';
import { explainPlan } from '../../engine/explain/explain';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { predictPipeline } from '../../engine/pipeline/predict';
import { listBundle, writeBundle } from '../bundle/write-bundle';
import { buildNotebook, codeCell } from '../notebook/build-notebook';
import { executeNotebooks, type ExecutedNotebook } from '../notebook/test-support';
import { buildReport } from '../report/build-report';
import { realRun, type RealRun } from './real-run';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
const PYTHON = process.env.AUTOML_NOTEBOOK_PYTHON ?? '/usr/bin/python3';

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

interface Case {
  name: string;
  file: string;
  task: 'regression' | 'classification';
  target: string;
  models: Array<'gradient_boosting' | 'ridge' | 'logistic' | 'random_forest'>;
  rows: number;
  metric: 'r2' | 'accuracy';
  /** A loose absolute floor: which model wins a 2-second budget depends on the machine's load; closeness to the app is the real check. */
  floor: number;
}

const CASES: Case[] = [
  {
    name: 'housing regression',
    file: join(ROOT, 'resources/samples/boston-housing.csv'),
    task: 'regression',
    target: 'price',
    models: ['gradient_boosting', 'ridge'],
    rows: 506,
    metric: 'r2',
    floor: 0.5,
  },
  {
    name: 'breast cancer classification (categories, true/false, text, gaps)',
    file: join(ROOT, 'src-main/export/notebook/fixtures/breast-cancer-mixed.csv'),
    task: 'classification',
    target: 'diagnosis',
    models: ['logistic', 'random_forest'],
    rows: 569,
    metric: 'accuracy',
    floor: 0.8,
  },
];

describe.each(CASES)('take-home bundle: $name, trained for real', (c) => {
  let work: string;
  let real: RealRun;
  let report: string;
  let executed: ExecutedNotebook;
  let names: string[];
  const unzipped = (): string => join(work, 'unzipped');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'take-home-'));
    real = await realRun({ file: c.file, task: c.task, target: c.target, models: c.models, budgetSeconds: 2 });
    const chosen = real.training.leaderboard.find((r) => r.modelId === real.training.bestModelId)!;
    const onnx = pipelineToOnnx(real.pipeline);
    report = buildReport({
      projectName: c.name,
      goal: `predict ${c.target}`,
      intent: real.intent,
      dataset: real.dataset,
      profile: real.profile,
      plan: real.plan,
      training: real.training,
      pipeline: real.pipeline,
      createdAt: new Date(),
    });
    const notebook = buildNotebook({
      dataFileName: 'data.csv',
      task: c.task,
      target: c.target,
      plan: real.plan,
      pipeline: real.pipeline,
      split: real.split,
      metrics: chosen.testMetrics ?? chosen.metrics,
      params: chosen.params,
      family: chosen.family,
      modelLabel: chosen.label,
      extraCells: [
        codeCell(
          `import json\nprint('NOTEBOOK_METRICS ' + json.dumps({k: float(v) for k, v in notebook_metrics.items()}))`,
        ),
      ],
    });
    const zipPath = join(work, 'bundle.zip');
    await writeBundle(zipPath, [
      { name: 'model.onnx', data: onnx },
      { name: 'model.json', data: JSON.stringify({ task: c.task, target: c.target }) },
      { name: 'notebook.ipynb', data: JSON.stringify(notebook, null, 1) },
      { name: 'report.html', data: report },
      { name: 'predictions.csv', path: real.holdoutPath },
      { name: 'profile.json', data: JSON.stringify(real.profile) },
      { name: 'explainer.json', path: artifactPath(join(real.dir, 'artifacts'), 'explainer') },
      // These files have no rejected rows, so the file's row order is the order the split indices refer to.
      { name: 'data.csv', path: c.file },
    ]);
    names = await listBundle(zipPath);
    const zip = await JSZip.loadAsync(await readFile(zipPath));
    for (const name of names) {
      const out = join(unzipped(), name);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, await zip.file(name)!.async('uint8array'));
    }
    const nb = JSON.parse(await readFile(join(unzipped(), 'notebook.ipynb'), 'utf8'));
    [executed] = await executeNotebooks([{ dir: unzipped(), name: 'notebook-run', notebook: nb }], PYTHON);
  }, 150_000);

  afterAll(async () => {
    if (process.env.KEEP_TAKE_HOME) console.log('kept', work);
    else if (work) await rm(work, { recursive: true, force: true });
    if (real) await rm(real.dir, { recursive: true, force: true });
  });

  it('zips every file and reads the same list back', () => {
    expect(names).toEqual([
      'model.onnx',
      'model.json',
      'notebook.ipynb',
      'report.html',
      'predictions.csv',
      'profile.json',
      'explainer.json',
      'data.csv',
    ]);
  });

  it('the notebook reproduces the model with scikit-learn on the app split, close to the app', () => {
    const chosen = real.training.leaderboard.find((r) => r.modelId === real.training.bestModelId)!;
    const app = chosen.testMetrics?.[c.metric] ?? NaN;
    expect(executed.metrics[c.metric]).toBeGreaterThan(c.floor);
    expect(Math.abs(executed.metrics[c.metric] - app)).toBeLessThan(0.15);
    const all = executed.outputs.join('\n');
    expect(all).toMatch(
      new RegExp(`${c.rows - real.split.testIndices.length} training rows, ${real.split.testIndices.length} test rows`),
    );
  });

  it('the notebook scores model.onnx and matches the app holdout predictions (or skips cleanly without onnxruntime)', async () => {
    const all = executed.outputs.join('\n');
    const hasOrt = await run(PYTHON, ['-c', 'import onnxruntime']).then(
      () => true,
      () => false,
    );
    if (hasOrt && c.task === 'regression') {
      const m = /max \|ONNX - app prediction\| = ([\d.e+-]+)/.exec(all);
      expect(m, all).not.toBeNull();
      expect(Number(m![1])).toBeLessThan(1e-6);
      expect(all).toMatch(/ONNX test R2 0\.\d{4}/);
    } else if (hasOrt) {
      expect(all, all).toMatch(/ONNX and app agree on 100\.00% of test rows/);
      expect(Number(/max \|ONNX - app probability\| = ([\d.e+-]+)/.exec(all)?.[1])).toBeLessThan(1e-6);
    } else {
      expect(all).toContain('onnxruntime is not installed, so model.onnx was not scored.');
    }
  });

  it("the notebook recomputes the app's explanations from explainer.json and they agree", () => {
    const all = executed.outputs.join('\n');
    if (!explainPlan(real.pipeline).exact) {
      // e.g. a logistic + forest ensemble (log-odds and probability do not add up): explained by sampling, which
      // has no single right answer to recompute, so the notebook has no explanation cell.
      expect(all).not.toMatch(/Python - app/);
      return;
    }
    expect(all, all).toMatch(/\d test rows \(data rows [\d, ]+\)/);
    expect(Number(/largest \|Python - app\| contribution or base: ([\d.e+-]+)/.exec(all)?.[1])).toBeLessThan(1e-6);
    expect(all).toContain("The app's explanations are reproduced here to rounding.");
  });

  it("the report's Node snippet runs against model.onnx and predicts what the engine predicts", async () => {
    const m = /<h3>Node\.js \(onnxruntime-node\)<\/h3><pre><code>([\s\S]*?)<\/code><\/pre>/.exec(report);
    expect(m).not.toBeNull();
    const script = join(unzipped(), 'predict.js');
    await writeFile(script, unescapeHtml(m![1]));
    const { stdout } = await run(process.execPath, [script], {
      cwd: unzipped(),
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      timeout: 30_000,
    });
    const first = real.dataset.sample[0];
    const raw = (name: string): string | null =>
      first[real.dataset.columns.findIndex((col) => col.name === name)] ?? null;
    const cols = Object.fromEntries(
      real.pipeline.inputs.map((i) => {
        if (i.kind === 'categorical' || i.kind === 'text') return [i.name, [raw(i.name)]];
        const v = raw(i.name);
        const n = i.kind === 'boolean' ? (v === null ? NaN : /^(true|yes|1)$/i.test(v) ? 1 : 0) : Number(v ?? NaN);
        return [i.name, Float64Array.of(n)];
      }),
    );
    const expected = predictPipeline(real.pipeline, cols).prediction[0];
    if (typeof expected === 'number')
      expect(Number(/\[\s*([-\d.e+]+)\s*\]/.exec(stdout)?.[1])).toBeCloseTo(expected, 6);
    else expect(stdout).toContain(`'${expected}'`);
  });

  it("the report's Python snippet runs against model.onnx (when onnxruntime is installed)", async () => {
    const hasOrt = await run(PYTHON, ['-c', 'import onnxruntime']).then(
      () => true,
      () => false,
    );
    if (!hasOrt) return; // CI's Debian Python has no onnxruntime; the Node snippet above covers the contract there.
    const m = /<h3>Python \(onnxruntime, pandas\)<\/h3><pre><code>([\s\S]*?)<\/code><\/pre>/.exec(report);
    expect(m).not.toBeNull();
    await copyFile(join(unzipped(), 'data.csv'), join(unzipped(), 'new.csv'));
    await writeFile(join(unzipped(), 'predict.py'), unescapeHtml(m![1]));
    const { stdout } = await run(PYTHON, ['predict.py'], { cwd: unzipped(), timeout: 60_000 });
    expect(stdout.trim().length).toBeGreaterThan(0);
    if (c.task === 'classification') expect(stdout).toMatch(/^\[('[^']*' ?)+/);
    else expect(stdout).toMatch(/^\[\s*[\d.]+/);
  });

  it('the report is self-contained and describes this run', () => {
    expect(report).not.toMatch(/<script|<link|https?:\/\//);
    expect(report).toContain(c.task === 'regression' ? 'Predicted vs actual' : 'Confusion matrix');
    expect(report).toContain('Feature importance');
  });
});
