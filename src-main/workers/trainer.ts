import type { HandlerTable } from './protocol';
import { currentProcessPort, serveWorker } from './runtime';
import { ingestData } from '../jobs/ingest-data';
import { profileDataset } from '../engine/profile/profile-dataset';
import { trainProject } from '../jobs/train-project';
import { exportProject } from '../jobs/export-project';
import { predictJob } from '../jobs/predict';
import type { ProfileJobInput } from '../services/conductor/jobs';

/** The trainer worker: every heavy job of the conductor runs here, in its own process. */
const handlers: HandlerTable = {
  ingest: ingestData,
  profile: (input: ProfileJobInput, ctx) => profileDataset(input.dataPath, { target: input.target }, ctx),
  train: trainProject,
  export: exportProject,
  predict: predictJob,
};

serveWorker(currentProcessPort(), handlers);
