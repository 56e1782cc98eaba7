/**
 * The notebook's explanation cell, run with Debian's python3 + nbclient against explainer.json files the engine
 * wrote for every exactly explained family (boosted trees, forests, extra trees, linear and polynomial models, on
 * regression, binary and multiclass data, ensembles and stacks of them): it must reproduce the app's values, and it
 * must fail when a stored value is altered.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILES } from '../../engine/artifacts/files';
import { buildBackground } from '../../engine/explain/background';
import { explainerCheck } from '../../engine/explain/check';
import { explainPlan } from '../../engine/explain/explain';
import type { ExplainerFile } from '../../engine/explain/explainer-file';
import { fixturePipelines, type FixtureTask } from '../../engine/onnx/fixtures/pipelines';
import { makeTable } from '../../engine/onnx/fixtures/synthetic-data';
import type { FittedPipeline, SinglePipeline, StackPipeline } from '../../engine/pipeline/types';
import { explainCells } from './cells-explain';
import { codeCell, notebookOf } from './nbformat';
import { executeNotebooks, type ExecutedNotebook } from './test-support';

const train = makeTable(200, 11);
const test = makeTable(40, 12, true);
const testRows = Array.from({ length: test.n }, (_, i) => 1000 + i);

/** Every exactly explained fixture, plus ensembles and stacks of exact members (the fixture ones mix in an MLP). */
function exactPipelines(): Array<[string, FittedPipeline]> {
  const out: Array<[string, FittedPipeline]> = [];
  for (const task of ['regression', 'binary', 'multiclass'] as FixtureTask[]) {
    const all = fixturePipelines(train, task);
    for (const [name, p] of Object.entries(all)) if (explainPlan(p).exact) out.push([`${task}-${name}`, p]);
    const forests = [all.random_forest, all.extra_trees] as SinglePipeline[];
    const members = task === 'regression' ? [all.ridge, all.gradient_boosting, all.random_forest] : forests;
    out.push([
      `${task}-weighted`,
      {
        kind: 'ensemble',
        task,
        target: members[0].target,
        ...(members[0].classes ? { classes: members[0].classes } : {}),
        inputs: members[0].inputs,
        members: (members as SinglePipeline[]).map((pipeline, i) => ({ weight: [0.5, 0.3, 0.2][i], pipeline })),
      },
    ]);
    const stack = all.stack as StackPipeline;
    const w = task === 'multiclass' ? 3 : 1;
    const bases = [{ pipelines: [members[0]] }, { pipelines: members.slice(1) }] as StackPipeline['bases'];
    out.push([
      `${task}-stack`,
      {
        ...stack,
        bases,
        combiner: { ...stack.combiner, coef: stack.combiner.coef.map((row) => row.slice(0, bases.length * w)) },
      },
    ]);
  }
  return out;
}

function explainerOf(p: FittedPipeline): ExplainerFile {
  const background = buildBackground(p, train.cols, train.n);
  const check = explainerCheck(p, background, test.cols, testRows);
  return { formatVersion: 1, pipeline: p, background, ...(check ? { check } : {}) };
}

describe('notebook explanation cell (python3 + numpy, nbclient)', () => {
  let dir: string;
  const files = exactPipelines().map(([name, p]) => ({ name, file: explainerOf(p) }));
  let ran: ExecutedNotebook;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'explain-cell-'));
    for (const { name, file } of files) {
      await writeFile(join(dir, `${name}.json`), JSON.stringify(file));
    }
    // The bundle's own file is the first one; the rest are checked by calling the cell's function on each.
    await writeFile(join(dir, BUNDLE_FILES.explainer), JSON.stringify(files[0].file));
    const others = codeCell(
      `for name in ${JSON.stringify(files.slice(1).map((f) => f.name))}:\n    print('CHECKED', name)\n    reproduce_explanations(os.path.join(BUNDLE_DIR, name + '.json'))`,
    );
    [ran] = await executeNotebooks([
      {
        dir,
        name: 'explain',
        notebook: notebookOf([codeCell(`BUNDLE_DIR = ${JSON.stringify(dir)}`), ...explainCells(), others], {}),
      },
    ]);
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('every exact family stores a check of held-out rows', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const { name, file } of files) {
      const c = file.check;
      expect(c, name).toBeDefined();
      expect(c!.rows.length, name).toBeGreaterThan(0);
      expect(
        c!.rows.every((r) => r >= 1000),
        name,
      ).toBe(true);
    }
  });

  it('reproduces the app values of every file to rounding, and local accuracy in Python', () => {
    const all = ran.outputs.join('\n');
    if (process.env.SHOW_CELL) console.log(all);
    expect(all.match(/CHECKED /g)?.length).toBe(files.length - 1);
    expect(all.match(/The app's explanations are reproduced here to rounding\./g)?.length).toBe(files.length);
    const gaps = [...all.matchAll(/largest \|Python - app\| contribution or base: ([\d.e+-]+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(gaps.length).toBe(files.length);
    expect(Math.max(...gaps)).toBeLessThan(1e-9);
  });

  it('fails the notebook when a stored value is altered', async () => {
    const { file } = files.find((f) => f.name === 'binary-gradient_boosting')!;
    const altered: ExplainerFile = { ...file, check: { ...file.check!, values: file.check!.values.slice() } };
    altered.check!.values[1] += 1e-4;
    const bad = join(dir, 'altered');
    await mkdir(bad);
    await writeFile(join(bad, BUNDLE_FILES.explainer), JSON.stringify(altered));
    const notebook = notebookOf([codeCell(`BUNDLE_DIR = ${JSON.stringify(bad)}`), ...explainCells()], {});
    await expect(executeNotebooks([{ dir: bad, name: 'altered', notebook }])).rejects.toThrow(
      /differ from the app's by/,
    );
  }, 60_000);
});
