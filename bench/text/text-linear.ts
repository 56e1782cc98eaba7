/**
 * The text linear models' cost and accuracy: logistic regression and the linear SVM on sublinear word 1-2 + char_wb
 * 2-5 TF-IDF (a sparse tail), or char_wb alone (`text: 'chars'`), 5-fold as the search runs them (fold features
 * cached across configurations, as in a run), on the first --rows rows of a set with text: bench/accuracy's (trump:
 * tweets, by default; fine_foods, spam_text) or bench/text's (ui_messages_lang, cyrillic_lang: bench/text/prepare.py),
 * the spec's fixed test rows held out. Prints CPU seconds, out-of-fold and test accuracy per configuration; with
 * --baseline DIR (a copy of older code: `git archive <commit> src-main src-shared | tar -x -C DIR`) the same
 * configurations run on that code in the same process, and the ratio is printed (configurations the older code does
 * not know run there as its default recipe).
 *   nice -n 10 npx tsx --tsconfig tsconfig.node.json bench/text/text-linear.ts [--set trump] [--rows 4000] [--baseline DIR]
 *     [--only 1,4] (indexes into CONFIGS)
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadFrame } from '../../src-main/engine/frame/load-frame';
import { computeMetrics } from '../../src-main/engine/metrics';
import type * as Evaluate from '../../src-main/engine/tabular/evaluate';
import type * as TestData from '../../src-main/engine/tabular/test-data';
import type * as Split from '../../src-main/engine/tabular/split';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

const CONFIGS = [
  ['logistic', { C: 1 }],
  ['logistic', { C: 10 }],
  ['logistic', { C: 100 }],
  ['svm', { C: 1 }],
  ['logistic', { C: 10, text: 'chars' }],
  ['logistic', { C: 100, text: 'chars' }],
  // Mixed tables (trump: hour, retweets, favorites beside the tweet): splines on the numeric columns.
  ['logistic', { C: 1, splines: 5 }],
  ['logistic', { C: 10, splines: 5 }],
] as const;

/** The configurations to run: all, or --only 1,4 (indexes into CONFIGS). */
function configs(): typeof CONFIGS {
  const only = arg('only', '');
  if (!only) return CONFIGS;
  const keep = new Set(only.split(',').map(Number));
  return CONFIGS.filter((_, i) => keep.has(i)) as unknown as typeof CONFIGS;
}

interface Code {
  runConfig: typeof Evaluate.runConfig;
  tableData: typeof TestData.tableData;
  roomyContext: typeof TestData.roomyContext;
  makeSplit: typeof Split.makeSplit;
}

async function codeAt(root: string): Promise<Code> {
  const ev = (await import(join(root, 'src-main/engine/tabular/evaluate.ts'))) as typeof Evaluate;
  const td = (await import(join(root, 'src-main/engine/tabular/test-data.ts'))) as typeof TestData;
  const sp = (await import(join(root, 'src-main/engine/tabular/split.ts'))) as typeof Split;
  return { runConfig: ev.runConfig, tableData: td.tableData, roomyContext: td.roomyContext, makeSplit: sp.makeSplit };
}

interface Spec {
  target: string;
  text: string[];
  test: number[];
}

/** CPU seconds, out-of-fold and test accuracy of each configuration (the first one also builds the folds' features). */
async function runAll(code: Code, path: string, spec: Spec, test: number[]) {
  const frame = await loadFrame(path, { kinds: Object.fromEntries(spec.text.map((t) => [t, 'text' as const])) });
  const plain = code.tableData(frame, spec.target, 'classification');
  const split = code.makeSplit(plain.target.rows, plain.target.info, plain.plan, 0, undefined, test);
  const data = {
    ...code.tableData(frame, spec.target, 'classification', split),
    hasText: true,
    cache: { byRows: new WeakMap(), bytes: 0 },
  };
  const C = data.target.classes?.length ?? 2;
  const y = Float64Array.from(data.valRows, (r) => data.target.info.y[r]);
  const yTest = Float64Array.from(data.split.test, (r) => data.target.info.y[r]);
  const out: Array<{ cpu: number; acc: number; test: number }> = [];
  for (const [family, params] of configs()) {
    const cpu0 = process.cpuUsage();
    const trial = await code.runConfig(data, family, params, code.roomyContext());
    const cpu = process.cpuUsage(cpu0);
    const acc = computeMetrics('classification', y, trial.valPred, C).accuracy;
    const testAcc = computeMetrics('classification', yTest, trial.testPred, C).accuracy;
    out.push({ cpu: (cpu.user + cpu.system) / 1e6, acc: Number(acc), test: Number(testAcc) });
  }
  return out;
}

async function main(): Promise<void> {
  const set = arg('set', 'trump');
  const rows = Number(arg('rows', '4000'));
  const baseline = arg('baseline', '');
  const accuracyDir = join(__dirname, '..', '.data', 'accuracy');
  const dir = existsSync(join(accuracyDir, `${set}.json`)) ? accuracyDir : join(__dirname, '..', '.data', 'text');
  const spec = JSON.parse(readFileSync(join(dir, `${set}.json`), 'utf8')) as Spec;
  // The first `rows` records, re-written (a quoted text may hold newlines: cut after the app's reader).
  const kinds = Object.fromEntries(spec.text.map((t) => [t, 'text' as const]));
  const full = await loadFrame(join(dir, `${set}.csv`), { kinds });
  const esc = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);
  const lines = [full.columns.map((c) => esc(c.name)).join(',')];
  for (let r = 0; r < Math.min(rows, full.nRows); r++) lines.push(full.columns.map((c) => esc(c.values[r])).join(','));
  const path = join(mkdtempSync(join(tmpdir(), 'text-linear-')), `${set}.csv`);
  writeFileSync(path, lines.join('\n') + '\n');

  const test = spec.test.filter((r) => r < Math.min(rows, full.nRows));
  const now = await runAll(await codeAt(resolve(__dirname, '../..')), path, spec, test);
  const before = baseline ? await runAll(await codeAt(resolve(baseline)), path, spec, test) : null;
  console.log(
    `${set}, ${Math.min(rows, full.nRows)} rows (${test.length} test), 5-fold; CPU s (first row includes the folds' features)`,
  );
  configs().forEach(([family, params], i) => {
    const a = now[i];
    const b = before?.[i];
    console.log(
      `${`${family} ${JSON.stringify(params)}`.padEnd(36)} now ${a.cpu.toFixed(2)} s, oof ${a.acc.toFixed(4)}, test ` +
        a.test.toFixed(4) +
        (b
          ? ` | baseline ${b.cpu.toFixed(2)} s, oof ${b.acc.toFixed(4)}, test ${b.test.toFixed(4)} | ratio ` +
            (a.cpu / b.cpu).toFixed(2)
          : ''),
    );
  });
  if (before) {
    const sum = (xs: Array<{ cpu: number }>) => xs.reduce((s, x) => s + x.cpu, 0);
    console.log(
      `all: now ${sum(now).toFixed(2)} s, baseline ${sum(before).toFixed(2)} s, ratio ${(sum(now) / sum(before)).toFixed(2)}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
