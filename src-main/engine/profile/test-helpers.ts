import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EngineEvent } from '@shared/events';
import type { DataProfile } from '@shared/project';
import { ingestFile } from '../ingest/ingest-file';
import { profileDataset } from './profile-dataset';

const SAMPLES = resolve(__dirname, '../../../resources/samples');

/** Ingests `csv` written to `dir/name` (or the shipped sample `name` when `csv` is null) and profiles it, for tests. */
export async function profileCsvIn(
  dir: string,
  name: string,
  csv: string | null,
  target: string | null,
  events: EngineEvent[] = [],
): Promise<DataProfile> {
  const src = csv === null ? join(SAMPLES, name) : join(dir, name);
  if (csv !== null) writeFileSync(src, csv);
  const info = await ingestFile(src, join(dir, `p-${name}`));
  return profileDataset(info.path, { target }, { signal: new AbortController().signal, emit: (e) => events.push(e) });
}
