import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { profileDataset } from '../engine/profile/profile-dataset';
import { ingestData } from '../workers/jobs/ingest-data';
import { predictJob } from '../workers/jobs/predict';
import type { FuzzCase } from './cases';

/** How a case ended: success, an error in the app's words, or anything else (a finding). */
export interface Outcome {
  id: string;
  recipe: string[];
  status: 'ok' | 'coded' | 'uncoded' | 'crash' | 'hang' | 'memory';
  /** Which step failed: ingest, profile, image (ingest of a picture zip) or predict. */
  step?: string;
  code?: string;
  message?: string;
  /** Where an uncoded error came from: engine/ingest or engine/profile parsing (the speed helper's) or elsewhere. */
  area?: 'ingest-parsing' | 'other';
  ms: number;
  /** CPU time of the host process (all its threads, DuckDB's included) during the case. */
  cpuMs?: number;
  rssMb?: number;
}

/**
 * Text that must never reach a person: a library's words, SQL, a stack, an errno, a URL, a JS bug, or raw control
 * characters copied from the file (a NUL byte in a message).
 */
export const LEAK =
  /([\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|Error:|Exception|\n\s+at |\bSELECT\b|read_csv|read_json|read_parquet|[Dd]uck[Dd][Bb]|Binder Error|Parser Error|Invalid Input Error|Conversion Error|Catalog Error|\bE(NOENT|ACCES|PERM|NAMETOOLONG|MFILE|NFILE|NOSPC|ISDIR|NOTDIR|IO|BUSY|EXIST|INVAL)\b|https?:\/\/|Cannot read propert|is not a function|\bundefined\b|Corrupted zip|jszip|JSZip|yauzl|onnxruntime|Ort::|ONNXRuntimeError|std::|0x[0-9a-f]{6,})/;

const noop = () => undefined;

/** Runs one case in this process through the app's own jobs (what the worker would run), in `dir`. */
export async function runCase(c: FuzzCase, dir: string): Promise<Outcome> {
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'in'), { recursive: true });
  const input = join(dir, 'in', c.name);
  writeFileSync(input, c.bytes);
  const signal = new AbortController().signal;
  let step = c.target === 'predict' ? 'predict' : c.name.endsWith('.zip') ? 'image' : 'ingest';
  try {
    if (c.target === 'ingest') {
      const dataset = await ingestData(
        { srcPath: input, destDir: join(dir, 'data'), originalName: c.name },
        { signal, emit: noop },
      );
      if (dataset.format !== 'images') {
        step = 'profile';
        await profileDataset(dataset.path, { target: null }, { signal, emit: noop });
      }
    } else {
      const table = join(dir, 'in', 'new.csv');
      writeFileSync(table, c.predictInput ?? '');
      await predictJob(
        { dataDir: dir, source: { kind: 'bundle', path: input }, inputPath: table, outputPath: join(dir, 'out.csv') },
        { signal, emit: noop },
      );
    }
    return { id: c.id, recipe: c.recipe, status: 'ok', step, ms: Date.now() - started };
  } catch (err) {
    const ms = Date.now() - started;
    if (err instanceof CodedError && !LEAK.test(err.message)) {
      return { id: c.id, recipe: c.recipe, status: 'coded', step, code: err.code, message: err.message, ms };
    }
    const stack = err instanceof Error ? (err.stack ?? '') : '';
    // Table files failing in ingest or profile belong to the ingest rewrite (the speed helper's part of issue 19).
    const table = !c.name.endsWith('.zip');
    const area =
      /engine[\\/](ingest|profile)[\\/]/.test(stack) || (table && (step === 'ingest' || step === 'profile'))
        ? 'ingest-parsing'
        : 'other';
    const message = err instanceof Error ? err.message : String(err);
    return {
      id: c.id,
      recipe: c.recipe,
      status: 'uncoded',
      step,
      code: err instanceof CodedError ? err.code : undefined,
      message: message.slice(0, 300),
      area,
      ms,
    };
  }
}
