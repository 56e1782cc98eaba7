/** Shared by the notebook tests: hand-made plans/pipelines for the fixtures, and a runner that executes notebooks with nbclient. */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ColumnKind, ColumnPlan, EncodeStrategy, PreprocessPlan } from '@shared/project';
import type { Tree } from '../../engine/pipeline/types';
import type { NotebookJson } from './nbformat';

const run = promisify(execFile);

export function planOf(
  columns: Array<[string, ColumnKind, Partial<ColumnPlan>?]>,
  target: string,
  classWeights = false,
): PreprocessPlan {
  return {
    columns: columns.map(([name, kind, extra]): ColumnPlan => {
      const encode: EncodeStrategy = kind === 'categorical' ? 'onehot' : kind === 'text' ? 'tfidf' : 'none';
      return {
        name,
        kind,
        role: name === target ? 'target' : kind === 'text' ? 'text' : 'feature',
        impute: kind === 'numeric' ? 'median' : kind === 'categorical' ? 'most_frequent' : 'none',
        encode,
        scale: kind === 'numeric' ? 'standard' : 'none',
        reason: 'test',
        ...extra,
      };
    }),
    validation: { kind: 'holdout', testFraction: 0.2, stratified: false },
    classWeights,
    warnings: [],
  };
}

/** Deterministic test rows: a seeded shuffle, first `fraction` of them (what a holdout split looks like). */
export function splitOf(
  rows: number,
  fraction: number,
  seed: number,
): { testIndices: number[]; seed: number; testFraction: number } {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const idx = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return { testIndices: idx.slice(0, Math.round(rows * fraction)).sort((a, b) => a - b), seed, testFraction: fraction };
}

/** A complete binary tree of the given depth (structure only: the notebook reads its shape). */
export function fullTree(depth: number): Tree {
  const n = 2 ** (depth + 1) - 1;
  const tree: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], values: [] };
  for (let i = 0; i < n; i++) {
    const leaf = 2 * i + 1 >= n;
    tree.feature.push(leaf ? -1 : 0);
    tree.threshold.push(0);
    tree.missingLeft.push(true);
    tree.left.push(leaf ? -1 : 2 * i + 1);
    tree.right.push(leaf ? -1 : 2 * i + 2);
    tree.values.push([0]);
  }
  return tree;
}

export interface ExecutedNotebook {
  /** Text printed by each cell (stream + text/plain results), in cell order. */
  outputs: string[];
  /** The dict a test cell prints as `NOTEBOOK_METRICS {...}`. */
  metrics: Record<string, number>;
}

const RUNNER = `
import json, os, sys, tempfile
# The kernel must be this very interpreter (the system 'python3' kernelspec may point at another one).
spec_dir = tempfile.mkdtemp()
os.makedirs(os.path.join(spec_dir, 'kernels', 'python3'))
with open(os.path.join(spec_dir, 'kernels', 'python3', 'kernel.json'), 'w') as f:
    json.dump({'argv': [sys.executable, '-m', 'ipykernel_launcher', '-f', '{connection_file}'], 'display_name': 'Python 3', 'language': 'python'}, f)
os.environ['JUPYTER_PATH'] = spec_dir + os.pathsep + os.environ.get('JUPYTER_PATH', '')
import nbformat
from nbclient import NotebookClient
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    NotebookClient(nb, timeout=180, kernel_name='python3', resources={'metadata': {'path': os.path.dirname(path)}}).execute()
    nbformat.write(nb, path[:-6] + '.out.ipynb')
`;

/** Writes each notebook as <dir>/<name>.ipynb, executes them all top to bottom in one Python process, returns their outputs. */
export async function executeNotebooks(
  jobs: Array<{ dir: string; name: string; notebook: NotebookJson }>,
  python = '/usr/bin/python3',
): Promise<ExecutedNotebook[]> {
  const paths = jobs.map((j) => join(j.dir, `${j.name}.ipynb`));
  await Promise.all(jobs.map((j, i) => writeFile(paths[i], JSON.stringify(j.notebook, null, 1))));
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', PYDEVD_DISABLE_FILE_VALIDATION: '1' };
  await run(python, ['-c', RUNNER, ...paths], { env, timeout: 170_000, maxBuffer: 16 << 20 });
  return Promise.all(
    paths.map(async (p) => {
      const nb = JSON.parse(await readFile(p.replace(/\.ipynb$/, '.out.ipynb'), 'utf8')) as {
        cells: Array<{
          cell_type: string;
          outputs?: Array<{ output_type: string; text?: string | string[]; data?: Record<string, string | string[]> }>;
        }>;
      };
      const join1 = (t: string | string[] | undefined): string => (Array.isArray(t) ? t.join('') : (t ?? ''));
      const outputs = nb.cells.map((c) =>
        (c.outputs ?? [])
          .map((o) => (o.output_type === 'stream' ? join1(o.text) : join1(o.data?.['text/plain'])))
          .join(''),
      );
      const line = outputs
        .join('\n')
        .split('\n')
        .find((l) => l.startsWith('NOTEBOOK_METRICS '));
      return {
        outputs,
        metrics: line ? (JSON.parse(line.slice('NOTEBOOK_METRICS '.length)) as Record<string, number>) : {},
      };
    }),
  );
}
