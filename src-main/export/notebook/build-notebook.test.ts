/**
 * Every tabular family, regression and classification: the generated notebook parses, and its code cells run as a
 * plain script (no kernel: one Python process for all of them, a few seconds) with sane test metrics.
 * Column names are hostile on purpose (quotes, backslash, markup) to prove they only appear as string literals.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import type { ModelFamily } from '@shared/tasks';
import type { SinglePipeline } from '../../engine/pipeline/types';
import { buildNotebook, codeCell, type NotebookJson } from './build-notebook';
import { planOf, splitOf } from './test-support';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
const HOSTILE = `<script>alert(1)</script> it's "odd" \\`;

const SCRIPT_RUNNER = `
import io, json, os, sys, contextlib
results = {}
for path in sys.argv[1:]:
    nb = json.load(open(path))
    os.chdir(os.path.dirname(path))
    scope = {}
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            for cell in nb['cells']:
                if cell['cell_type'] == 'code':
                    exec(compile(''.join(cell['source']), path, 'exec'), scope)
        results[os.path.basename(path)] = {**{k: float(v) for k, v in scope['notebook_metrics'].items()}, 'out': out.getvalue()[-2000:]}
    except Exception as err:
        results[os.path.basename(path)] = {'error': repr(err), 'out': out.getvalue()[-2000:]}
print(json.dumps(results))
`;

const REGRESSION: ModelFamily[] = [
  'linear',
  'ridge',
  'lasso',
  'elasticnet',
  'polynomial',
  'random_forest',
  'extra_trees',
  'gradient_boosting',
  'mlp',
];
const CLASSIFICATION: ModelFamily[] = [
  'logistic',
  'svm',
  'random_forest',
  'extra_trees',
  'gradient_boosting',
  'mlp',
  'naive_bayes',
];

async function housingCsv(dir: string): Promise<string[]> {
  const text = await readFile(join(ROOT, 'resources/samples/boston-housing.csv'), 'utf8');
  const [header, ...rows] = text.trim().split('\n');
  const cols = header.split(',');
  cols[5] = `"${HOSTILE.replace(/"/g, '""')}"`; // rooms
  await writeFile(join(dir, 'housing.csv'), [cols.join(','), ...rows].join('\n'));
  return header.split(',').map((c, i) => (i === 5 ? HOSTILE : c));
}

function regressionNotebook(columns: string[], family: ModelFamily): NotebookJson {
  const plan = planOf(
    columns.map((c) => [c, c === 'highway_access' ? 'categorical' : 'numeric'] as [string, 'numeric' | 'categorical']),
    'price',
  );
  return buildNotebook({
    dataFileName: 'housing.csv',
    task: 'regression',
    target: 'price',
    plan,
    pipeline: null,
    family,
    split: splitOf(506, 0.2, 1),
    metrics: { r2: 0.8 },
    params: family === 'mlp' ? { epochs: 400 } : { n_estimators: 60 },
  });
}

function cancerNotebook(family: ModelFamily): NotebookJson {
  const plan = planOf(
    [
      ['mean radius', 'numeric'],
      ['mean texture', 'numeric'],
      ['mean smoothness', 'numeric'],
      ['worst concavity', 'numeric'],
      ['size band', 'categorical', { encode: family === 'gradient_boosting' ? 'ordinal' : 'onehot' }],
      ['lab', 'categorical'],
      ['rough', 'boolean'],
      ['note', 'text'],
      ['diagnosis', 'categorical'],
    ],
    'diagnosis',
  );
  // No classes given: the notebook derives them from the data, as the app does.
  return buildNotebook({
    dataFileName: 'cancer.csv',
    task: 'classification',
    target: 'diagnosis',
    plan,
    pipeline: null,
    family,
    split: splitOf(569, 0.25, 2),
    metrics: { accuracy: 0.9 },
    params: { n_estimators: 60 },
  });
}

/** A stack of ridge and boosted trees on housing: the notebook writes a StackingRegressor over both pipelines. */
function stackNotebook(columns: string[]): NotebookJson {
  const plan = planOf(
    columns.map((c) => [c, c === 'highway_access' ? 'categorical' : 'numeric'] as [string, 'numeric' | 'categorical']),
    'price',
  );
  const feats = columns.filter((c) => c !== 'price' && c !== 'highway_access');
  const base = (family: 'ridge' | 'gradient_boosting'): SinglePipeline => ({
    kind: 'single',
    task: 'regression',
    target: 'price',
    inputs: feats.map((name) => ({ name, kind: 'numeric' })),
    steps: feats.map((column) => ({ kind: 'numeric', column, impute: 0, center: 0, scale: 1, indicator: false })),
    featureNames: feats,
    model:
      family === 'ridge'
        ? { family, coef: [feats.map(() => 0)], intercept: [0], link: 'identity' }
        : { family, trees: [], aggregate: 'sum', baseScore: [0], link: 'identity' },
  });
  return buildNotebook({
    dataFileName: 'housing.csv',
    task: 'regression',
    target: 'price',
    plan,
    pipeline: {
      kind: 'stack',
      task: 'regression',
      target: 'price',
      inputs: base('ridge').inputs,
      bases: [{ pipelines: [base('ridge')] }, { pipelines: [base('gradient_boosting'), base('gradient_boosting')] }],
      combiner: { coef: [[0.5, 0.5]], intercept: [0], link: 'identity', penalty: 0.3 },
    },
    split: splitOf(506, 0.2, 1),
    metrics: { r2: 0.8 },
  });
}

let dir: string;
let results: Record<string, Record<string, number | string>>;
let housingColumns: string[];

// One Python process runs every generated notebook; the describe blocks below read its results.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'notebook-families-'));
  housingColumns = await housingCsv(dir);
  await writeFile(join(dir, 'cancer.csv'), await readFile(join(__dirname, 'fixtures/breast-cancer-mixed.csv')));
  const paths: string[] = [];
  for (const f of REGRESSION) {
    paths.push(join(dir, `regression-${f}.ipynb`));
    await writeFile(paths.at(-1)!, JSON.stringify(regressionNotebook(housingColumns, f)));
  }
  for (const f of CLASSIFICATION) {
    paths.push(join(dir, `classification-${f}.ipynb`));
    await writeFile(paths.at(-1)!, JSON.stringify(cancerNotebook(f)));
  }
  paths.push(join(dir, 'regression-stack.ipynb'));
  await writeFile(paths.at(-1)!, JSON.stringify(stackNotebook(housingColumns)));
  // Labels as DuckDB writes them: a DOUBLE category ("2.0"), NA as missing, a true/false target.
  const rows = ['x,grade,when,flag'];
  for (let i = 0; i < 200; i++) {
    const x = ((i * 37) % 100) / 10;
    const grade = (i % 3) + 1;
    const when = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    rows.push(
      `${x},${i % 17 === 0 ? 'NA' : `${grade}.0`},${i % 23 === 0 ? '' : when},${x + grade * 2 > 8 ? 'true' : 'false'}`,
    );
  }
  await writeFile(join(dir, 'flags.csv'), rows.join('\n'));
  paths.push(join(dir, 'labels-logistic.ipynb'));
  await writeFile(
    paths.at(-1)!,
    JSON.stringify(
      buildNotebook({
        dataFileName: 'flags.csv',
        task: 'classification',
        target: 'flag',
        plan: planOf(
          [
            ['x', 'numeric'],
            ['grade', 'categorical'],
            ['when', 'datetime'],
            ['flag', 'categorical'],
          ],
          'flag',
        ),
        pipeline: null,
        family: 'logistic',
        classes: ['false', 'true'],
        split: splitOf(200, 0.25, 3),
        metrics: {},
        extraCells: [codeCell("print('GRADES', sorted(df['grade'].dropna().unique()), int(df['grade'].isna().sum()))")],
      }),
    ),
  );
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  const { stdout } = await run('/usr/bin/python3', ['-c', SCRIPT_RUNNER, ...paths], {
    env,
    timeout: 120_000,
    maxBuffer: 16 << 20,
  });
  results = JSON.parse(stdout) as typeof results;
}, 150_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('buildNotebook for every family', () => {
  // This split is a hard one (straight lines reach ~0.6, forests ~0.7): thresholds catch broken code, not model quality.
  const LINEAR = new Set<ModelFamily>(['linear', 'ridge', 'lasso', 'elasticnet']);
  it.each(REGRESSION)('regression %s runs and scores a sane R² on housing', (family) => {
    const r = results[`regression-${family}.ipynb`];
    expect(r.error, String(r.out)).toBeUndefined();
    expect(r.r2).toBeGreaterThan(LINEAR.has(family) ? 0.55 : 0.62);
  });

  it('a stack runs as a StackingRegressor with the app combiner penalty and scores a sane R²', () => {
    const r = results['regression-stack.ipynb'];
    expect(r.error, String(r.out)).toBeUndefined();
    expect(r.r2).toBeGreaterThan(0.62);
    const code = stackNotebook(housingColumns)
      .cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source))
      .join('\n');
    expect(code).toContain('StackingRegressor(');
    expect(code).toContain('final_estimator=Ridge(alpha=0.3)');
  });

  it.each(CLASSIFICATION)(
    'classification %s runs and scores accuracy > 0.85 on the mixed breast-cancer data',
    (family) => {
      const r = results[`classification-${family}.ipynb`];
      expect(r.error, String(r.out)).toBeUndefined();
      expect(r.accuracy).toBeGreaterThan(0.85);
    },
  );
});

describe('buildNotebook reads labels the way the app does', () => {
  it('keeps "2.0" categories as written, NA as missing, a true/false target as lower-case labels; dates become parts', () => {
    const r = results['labels-logistic.ipynb'];
    expect(r.error, String(r.out)).toBeUndefined();
    expect(r.out).toContain("GRADES ['1.0', '2.0', '3.0'] 12");
    expect(r.accuracy).toBeGreaterThan(0.85);
    expect(r.roc_auc).toBeGreaterThan(0.9);
  });
});

describe('buildNotebook structure', () => {
  const columns = ['crime_rate', HOSTILE, 'price'];
  const nb = buildNotebook({
    dataFileName: 'my data.csv',
    task: 'regression',
    target: 'price',
    plan: planOf(
      columns.map((c) => [c, 'numeric'] as [string, 'numeric']),
      'price',
    ),
    pipeline: null,
    family: 'ridge',
    split: { testIndices: [3, 1, 2], seed: 9, testFraction: 0.2 },
    metrics: { r2: 0.5 },
  });
  const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));

  it('is nbformat 4 with a Python kernel and unique cell ids', () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec.name).toBe('python3');
    expect(new Set(nb.cells.map((c) => c.id)).size).toBe(nb.cells.length);
    for (const c of nb.cells) expect(c.source.slice(0, -1).every((l) => l.endsWith('\n'))).toBe(true);
  });

  it('sets DATA_PATH and BUNDLE_DIR in the first code cell, defaulting to the file beside the notebook', () => {
    expect(code[0]).toMatch(/^DATA_PATH = "my data\.csv"$/m);
    expect(code[0]).toMatch(/^BUNDLE_DIR = '\.'/m);
  });

  it('writes hostile column names only as escaped string literals', () => {
    const literal = JSON.stringify(HOSTILE);
    expect(code.join('\n')).toContain(literal);
    // The raw name (with its unescaped quote and backslash) never appears outside a literal.
    expect(code.join('\n').split(literal).join('')).not.toContain(`"odd" \\`);
    // Markdown cells escape it for display.
    const md = nb.cells
      .filter((c) => c.cell_type === 'markdown')
      .map((c) => c.source.join(''))
      .join('\n');
    expect(md).not.toContain('<script>');
  });

  it('explains the onnxruntime cell and makes it skip without onnxruntime', () => {
    const i = nb.cells.findIndex((c) => c.cell_type === 'code' && c.source.join('').includes('import onnxruntime'));
    expect(i).toBeGreaterThan(0);
    expect(nb.cells[i - 1].cell_type).toBe('markdown');
    expect(nb.cells[i - 1].source.join('')).toMatch(/skip|does nothing else/i);
    expect(nb.cells[i].source.join('')).toMatch(/except ImportError/);
  });

  it('refuses a supervised notebook without a target, and a family it cannot write', () => {
    const base = {
      dataFileName: 'x.csv',
      plan: planOf([['a', 'numeric']], 'y'),
      pipeline: null,
      split: { testIndices: [], seed: 1, testFraction: 0.2 },
      metrics: {},
    };
    expect(() => buildNotebook({ ...base, task: 'regression', target: null, family: 'ridge' })).toThrow(CodedError);
    expect(() => buildNotebook({ ...base, task: 'regression', target: 'y', family: 'kmeans' })).toThrow(/kmeans/);
  });

  it('writes a load-and-summarise notebook for other tasks', () => {
    const other = buildNotebook({
      dataFileName: 'sales.csv',
      task: 'forecast',
      target: 'sales',
      plan: planOf([], 'sales'),
      pipeline: null,
      split: { testIndices: [], seed: 1, testFraction: 0 },
      metrics: {},
    });
    expect(other.cells.some((c) => c.source.join('').includes('read_table(DATA_PATH)'))).toBe(true);
  });
});
