import type { HandlerTable } from './protocol';
import { ingestData } from './jobs/ingest-data';
import { profileDataset } from '../engine/profile/profile-dataset';
import { trainProject } from './jobs/train-project';
import { exportProject } from './jobs/export-project';
import { predictJob } from './jobs/predict';
import { classifyImageJob } from './jobs/classify-image';
import type { ProfileJobInput } from '../services/conductor/jobs';

/** Every heavy job of the conductor, by name. Runs inside the trainer worker (or in-process in tests). */
export const trainerHandlers: HandlerTable = {
  ingest: ingestData,
  profile: (input: ProfileJobInput, ctx) => profileDataset(input.dataPath, { target: input.target }, ctx),
  train: trainProject,
  export: exportProject,
  predict: predictJob,
  'classify-image': classifyImageJob,
};
