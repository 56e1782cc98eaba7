/**
 * A German spreadsheet's CSV (Windows-1252, an Excel `sep=;` line, CRLF, `;`, decimal commas, dots grouping
 * thousands) trained and exported for real with `automl run`; the exported notebook then runs with nbclient twice:
 * as exported (reading the bundle's data.csv) and pointed at the person's own German file. Both must read the same
 * table, so their scikit-learn metrics are equal, and close to the app's. Needs the build (`npm run build`). ~40 s.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCell, type NotebookJson } from '../notebook/build-notebook';
import { executeNotebooks, type ExecutedNotebook } from '../notebook/test-support';

const ROOT = resolve(__dirname, '../../..');
const BIN = join(ROOT, 'bin/automl.js');
const GERMAN = 'Häuser Boston.csv';
const TARGET = 'Preis (€)';

/** Windows-1252 bytes of text holding Latin-1 characters and '€' only. */
function windows1252(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (ch) => {
      if (ch === '€') return 0x80;
      const code = ch.charCodeAt(0);
      if (code > 0xff) throw new Error(`not in Windows-1252: ${ch}`);
      return code;
    }),
  );
}

/**
 * The housing sample as German Excel saves it: decimal commas everywhere, tax_rate × 10 written with a dot
 * grouping thousands ("2.960", which pandas' defaults would read as 2.96), the target named with a '€'.
 */
function germanHousing(csv: string): Buffer {
  const [head, ...rows] = csv.trim().split(/\r?\n/);
  const names = head.split(',').map((n) => (n === 'price' ? TARGET : n === 'rooms' ? 'Zimmer (Ø)' : n));
  const tax = names.indexOf('tax_rate');
  const lines = rows.map((r) =>
    r
      .split(',')
      .map((v, j) => (j === tax ? Math.round(Number(v) * 10).toLocaleString('de-DE') : v.replace('.', ',')))
      .join(';'),
  );
  return windows1252(['sep=;', names.join(';'), ...lines].join('\r\n') + '\r\n');
}

function automl(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, AUTOML_DATA_DIR: dataDir }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const METRICS_CELL = codeCell(
  `import json\nprint('NOTEBOOK_METRICS ' + json.dumps({k: float(v) for k, v in notebook_metrics.items()}))`,
);

/** The exported notebook with DATA_PATH set to `dataPath` (as a person would) and a cell printing its metrics. */
function withDataPath(notebook: NotebookJson, dataPath: string): NotebookJson {
  const cells = notebook.cells.map((c) =>
    c.cell_type === 'code'
      ? { ...c, source: c.source.map((l) => l.replace(/^DATA_PATH = .*$/m, `DATA_PATH = ${JSON.stringify(dataPath)}`)) }
      : c,
  );
  return { ...notebook, cells: [...cells, METRICS_CELL] };
}

describe('the exported notebook reads a German ;/decimal-comma CSV the way the app did', () => {
  let work: string;
  let notebook: NotebookJson;
  let modelJson: { metrics: { test?: Record<string, number> } };
  let bundled: ExecutedNotebook;
  let own: ExecutedNotebook;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('Build first: npm run build (npm test does it).');
    work = await mkdtemp(join(tmpdir(), 'decimal-comma-notebook-'));
    const german = join(work, GERMAN);
    await writeFile(german, germanHousing(await readFile(join(ROOT, 'resources/samples/boston-housing.csv'), 'utf8')));
    const bundle = join(work, 'bundle.zip');
    const run = await automl(join(work, 'data'), [
      'run',
      german,
      '--target',
      TARGET,
      '--task',
      'regression',
      '--budget',
      '3',
      '--out',
      bundle,
    ]);
    expect(run.stderr).not.toMatch(/automl:/);
    expect(run.code).toBe(0);

    const zip = await JSZip.loadAsync(await readFile(bundle));
    const unzipped = join(work, 'unzipped');
    for (const name of Object.keys(zip.files)) {
      const out = join(unzipped, name);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, await zip.file(name)!.async('uint8array'));
    }
    notebook = JSON.parse(await readFile(join(unzipped, 'notebook.ipynb'), 'utf8')) as NotebookJson;
    modelJson = JSON.parse(await readFile(join(unzipped, 'model.json'), 'utf8')) as typeof modelJson;
    await writeFile(join(unzipped, GERMAN), await readFile(german));
    [bundled, own] = await executeNotebooks([
      { dir: unzipped, name: 'as-exported', notebook: withDataPath(notebook, 'data.csv') },
      { dir: unzipped, name: 'own-file', notebook: withDataPath(notebook, GERMAN) },
    ]);
  }, 170_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('says in its first cell how the app read the file', () => {
    const config = notebook.cells.find((c) => c.source.some((l) => l.startsWith('SOURCE_FORMAT = ')))!;
    const text = config.source.join('');
    expect(text).toContain(`# How the app read your file "${GERMAN}" (';'-separated, Windows-1252, decimal commas`);
    expect(text).toMatch(/"delimiter": ";", "quote": "\\"", "encoding": "windows-1252", "gzip": False,/);
    expect(text).toMatch(/"skip_lines": 1, "header": True,/);
    expect(text).toContain('"tax_rate"');
    expect(text).toContain('DATA_IN_BUNDLE = True');
  });

  it("reads the person's own file into the same table as the bundle's data.csv: equal metrics", () => {
    expect(own.outputs.join('\n')).toMatch(/506 rows, 13 columns/);
    expect(own.metrics.r2).toBeGreaterThan(0.5);
    expect(own.metrics).toEqual(bundled.metrics);
  });

  it("the notebook's metric is close to the app's", () => {
    const app = modelJson.metrics.test?.r2 ?? NaN;
    expect(Math.abs(own.metrics.r2 - app)).toBeLessThan(0.15);
    expect(own.outputs.join('\n')).toMatch(
      new RegExp(`^r2\\s+${own.metrics.r2.toFixed(4)}\\s+${app.toFixed(4)}$`, 'm'),
    );
  });
});
