/**
 * Profiles every CSV in a folder with the app's own ingest and profiler and writes the compact profiles the goal
 * parser's phrasing table is tested on (column names, kinds, distinct counts, a few values, strong associations).
 * The bundled samples (resources/samples/*.csv) are profiled too.
 * Usage: npx tsx --tsconfig tsconfig.node.json scripts/intent-fixtures/profile-contexts.ts [DATA_DIR] [OUT_JSON]
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ingestFile } from '../../src-main/engine/ingest/ingest-file';
import { profileDataset } from '../../src-main/engine/profile/profile-dataset';
import { compactProfile, type CompactProfile } from '../../src-main/engine/intent/fixtures/compact-profile';

async function main(): Promise<void> {
  const dataDir = resolve(process.argv[2] ?? '/tmp/intent-data');
  const outPath = resolve(process.argv[3] ?? 'src-main/engine/intent/fixtures/profiled-contexts.json');
  const work = mkdtempSync(join(tmpdir(), 'intent-profile-'));
  const out: Record<string, CompactProfile> = {};
  try {
    const samples = resolve(__dirname, '../../resources/samples');
    const files = [dataDir, samples].flatMap((dir) =>
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
  writeFileSync(outPath, `${JSON.stringify(out, null, 0).replace(/\},"/g, '},\n"')}\n`);
  process.stdout.write(`wrote ${Object.keys(out).length} profiles to ${outPath}\n`);
}

void main();
