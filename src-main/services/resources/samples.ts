import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleInfo } from '@shared/channels';
import { CodedError } from '@shared/errors';
import { resourcesDir } from './resources-dir';

/** The bundled sample datasets offered under "Try a sample". */
export async function listSamples(): Promise<SampleInfo[]> {
  const dir = join(resourcesDir(), 'samples');
  return JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as SampleInfo[];
}

export async function resolveSample(id: string): Promise<{ sample: SampleInfo; path: string }> {
  const samples = await listSamples();
  const sample = samples.find((s) => s.id === id);
  if (!sample) {
    throw new CodedError('invalid-input', `There is no sample '${id}'. Samples are: ${samples.map((s) => s.id).join(', ')}.`);
  }
  return { sample, path: join(resourcesDir(), 'samples', sample.file) };
}
