/**
 * Profiles every CSV in a folder with the app's own ingest and profiler and writes the compact profiles the goal
 * parser's phrasing table is tested on (column names, kinds, distinct counts, a few values, strong associations).
 * The bundled samples (resources/samples/*.csv) are profiled too. With --add, only the CSVs of DATA_DIR are profiled
 * and merged into OUT_JSON (the profiles already there are kept as they were, so their phrasing rows keep their
 * figures).
 * Usage: npx tsx --tsconfig tsconfig.node.json scripts/intent-fixtures/profile-contexts.ts [--add] [DATA_DIR] [OUT_JSON]
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ingestFile } from '../../src-main/engine/ingest/ingest-file';
import { profileDataset } from '../../src-main/engine/profile/profile-dataset';
import { compactProfile, type CompactProfile } from '../../src-main/engine/intent/fixtures/compact-profile';

async function main(): Promise<void> {
  const add = process.argv.includes('--add');
  const [dir, json] = process.argv.slice(2).filter((a) => a !== '--add');
  const dataDir = resolve(dir ?? '/tmp/intent-data');
  const outPath = resolve(json ?? 'src-main/engine/intent/fixtures/profiled-contexts.json');
  const work = mkdtempSync(join(tmpdir(), 'intent-profile-'));
  const kept: Record<string, CompactProfile> =
    add && existsSync(outPath) ? (JSON.parse(readFileSync(outPath, 'utf8')) as Record<string, CompactProfile>) : {};
  const out: Record<string, CompactProfile> = {};
  try {
    const samples = resolve(__dirname, '../../resources/samples');
    const files = (add ? [dataDir] : [dataDir, samples]).flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.csv'))
        .map((f) => join(dir, f)),
    );
    for (const file of files.sort((a, b) => basename(a).localeCompare(basename(b)))) {
      const id = basename(file, '.csv');
      const info = await ingestFile(file, join(work, id));
      const profile = await profileDataset(info.path, {}, { signal: new AbortController().signal, emit: () => {} });
      out[id] = compactProfile(profile);
      process.stdout.write(`${id}: ${profile.rows} rows, ${profile.columns.length} columns\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const merged = Object.fromEntries(Object.entries({ ...kept, ...out }).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(outPath, `${JSON.stringify(merged, null, 0).replace(/\},"/g, '},\n"')}\n`);
  process.stdout.write(`wrote ${Object.keys(merged).length} profiles (${Object.keys(out).length} new) to ${outPath}\n`);
}

void main();
