import type { ErrorCode } from '@shared/errors';

/**
 * What a crash means for each kind of job. A job that reads a person's file (ingest, predict, classify-image)
 * dies in the reader when the file is one it cannot handle (a JSON nested thousands of levels deep, a damaged
 * Parquet or picture): that is "this file could not be read", not a failed training.
 */
export interface JobWording {
  /** Names the process in messages ("The training process"). */
  process: string;
  /** For jobs that read a person's file: the message when the reader dies on it. */
  unreadable?: string;
  /** What a person reads when the job failed in a way the app did not foresee (the details go to the log). */
  failed: { code: ErrorCode; message: string };
}

const JOB_WORDING: Record<string, JobWording> = {
  ingest: {
    process: 'Reading the file',
    failed: {
      code: 'file-unreadable',
      message:
        'This file could not be read. Save it as CSV (UTF-8, comma-separated, one header row) and import that; if it still fails, report it.',
    },
    unreadable:
      'This file could not be read: the reader stopped while opening it. It may be damaged, or nested or shaped in a way the app cannot read (for example JSON nested hundreds of levels deep). Save it as CSV and import that.',
  },
  profile: {
    process: 'Profiling the data',
    failed: {
      code: 'internal',
      message: 'Profiling the data failed unexpectedly. Try again; if it happens again, report it.',
    },
  },
  train: {
    process: 'The training process',
    failed: {
      code: 'internal',
      message: 'Training failed unexpectedly. Try again, or choose fewer models; if it happens again, report it.',
    },
  },
  export: {
    process: 'The export',
    failed: {
      code: 'internal',
      message: 'The export failed unexpectedly; no model version was added. Try again; if it happens again, report it.',
    },
  },
  predict: {
    process: 'Predicting',
    failed: {
      code: 'invalid-input',
      message:
        "The model could not be used on this data: the bundle's model.json does not describe a model this app can run, or the data does not fit it. Export the model again from the app and check the data's columns.",
    },
    unreadable:
      'The model or the file to score could not be read: the reader stopped while opening it. Check that the bundle is one the app exported and that the data is a well-formed CSV, then try again.',
  },
  'classify-image': {
    process: 'Reading the picture',
    failed: {
      code: 'file-unreadable',
      message:
        'This picture could not be read: it may be damaged or in a format the app cannot open. Try another picture.',
    },
    unreadable:
      'This picture could not be read: it may be damaged or in a format the app cannot open. Try another picture.',
  },
};

const GENERIC: JobWording = {
  process: 'The background process',
  failed: {
    code: 'internal',
    message: 'Something went wrong in the background. Try again; if it happens again, report it.',
  },
};

/** The words for a job by its method name. */
export function jobWording(method: string): JobWording {
  return JOB_WORDING[method] ?? GENERIC;
}
