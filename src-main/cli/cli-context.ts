import { resolve } from 'node:path';
import type { AppEvent, EngineEvent } from '@shared/events';
import { Conductor } from '../services/conductor/conductor';
import { llmConfigFrom } from '../engine/intent/llm/local-llm';
import { ProjectStore } from '../services/store/project-store';
import { resolveDataDir } from '../services/store/data-dir';
import { APP_VERSION } from '../services/app/version';
import { WorkerClient } from '../workers/client';
import { forkSpawner } from '../workers/fork-spawner';
import type { TrainerMethods } from '../workers/trainer-methods';

/** The CLI runs the same conductor as the app, in-process, with trainers in forked workers. */
/** `signal`: Ctrl-C; the commands cancel their running job with it and leave the project as it was. */
export function createCliContext(
  onEvent: (event: AppEvent) => void,
  signal: AbortSignal = new AbortController().signal,
) {
  const dataDir = resolveDataDir();
  const jobs = new WorkerClient<TrainerMethods>(
    forkSpawner(resolve(__dirname, 'trainer.js'), { maxOldSpaceMb: Number(process.env.AUTOML_WORKER_HEAP_MB ?? 8192) }),
  );
  const store = new ProjectStore(dataDir);
  // The CLI reads the local language model from AUTOML_LLM_URL (and AUTOML_LLM_MODEL) only; off by default.
  const llm = async () => llmConfigFrom(undefined, process.env);
  const conductor = new Conductor({ store, jobs, emit: onEvent, dataDir, appVersion: APP_VERSION, llm });
  // Jobs the commands run outside a project (profile, predict) report their progress through the same callback.
  let seq = 0;
  const report = (event: EngineEvent) =>
    onEvent({ ...event, projectId: '', runId: 'cli', seq: ++seq, ts: Date.now() } as AppEvent);
  return { dataDir, jobs, store, conductor, signal, report };
}

export type CliContext = ReturnType<typeof createCliContext>;
