import type { ErrorCode } from '@shared/errors';
import type { StageStatus } from '@shared/stages';
import type { JobKind } from '@shared/events';

/** What to do next, per error code (the message says what went wrong). */
const advice: Partial<Record<ErrorCode, string>> = {
  'dataset-invalid': 'Fix the rows listed below in the file, or skip them and continue.',
  'dataset-empty': 'Choose a file that has a header row and at least one row of data.',
  'dataset-too-large': 'Open the file by path instead of uploading it, or use a smaller extract.',
  'file-not-found': 'Choose the file again: it may have been moved or renamed.',
  'unsupported-format': 'Save the data as CSV (or Parquet) and import that.',
  'file-unreadable':
    'Open the file in the program that made it, save it again (CSV works everywhere), and import that.',
  'project-busy': 'Another AutoML window or command is changing this project: wait for it, or close it.',
  'target-missing': 'Pick the column to predict from the list.',
  'column-missing': 'Pick one of the columns in your data.',
  cancelled: 'Nothing was lost: resume to run this step again.',
  'worker-crashed': 'Try again; if it happens again, lower the time budget or choose fewer models.',
  oom: 'The data did not fit in memory: drop wide text columns, choose fewer models, or use a sample of the rows.',
  killed: 'The run was stopped. Try again when you are ready.',
  'stage-order': 'Finish the highlighted step first.',
};

/**
 * The app's English text in one place (issue 18.4). A translation is one more file like this one, typed `Strings`
 * (the compiler then lists every key it misses), and one line in `./index.ts`. Numbers, dates and durations are not
 * here: they come from @shared/locale in the person's locale. Parts of the app not moved yet still hold their text
 * inline (see docs/engineering/strings.md).
 */
export const en = {
  app: {
    skipToContent: 'Skip to content',
    brand: 'AutoML Desktop',
    brandShort: 'AutoML',
    nav: { home: 'Projects', predict: 'Predict', models: 'Models' },
    navLabel: 'Main',
    settings: 'Settings',
    switchTheme: (to: 'light' | 'dark') => `Switch to ${to} theme`,
  },
  steps: {
    navLabel: 'Steps',
    status: {
      pending: 'Not started',
      running: 'Working…',
      waiting_confirmation: 'Needs you',
      done: 'Done',
      failed: 'Failed',
      skipped: 'Not needed',
    } satisfies Record<StageStatus, string>,
    yourTurn: 'Your turn',
    training: (percent: string) => `Training… ${percent}`,
    backTo: (stage: string) => `Back to ${stage}`,
    lookAt: (stage: string) => `Look at ${stage} as it finished`,
    tryAgain: 'Try again',
    cancel: 'Cancel',
    stopping: 'Stopping…',
    working: 'Working…',
  },
  errors: {
    stopped: 'Stopped',
    failed: 'Something went wrong',
    dismiss: 'Dismiss',
    advice,
  },
  dialog: { cancel: 'Cancel' },
  review: {
    more: 'Continue with more budget',
    moreLede: (models: string) =>
      `The search goes on from the ${models} trained so far: none is trained again, new settings are tried, and the ensemble is rebuilt from all of them.`,
    moreBudget: 'More training time in seconds',
    continued: (models: string) => `Continued from ${models} of the previous run.`,
  },
  chart: {
    table: 'Table',
    chart: 'Chart',
    showAsTable: (name: string) => `Show ${name} as a table`,
    showAsChart: (name: string) => `Show ${name} as a chart`,
    untitled: 'Chart',
    zoomIn: (name: string) => `Zoom into ${name}`,
    zoomOut: (name: string) => `Zoom out of ${name}`,
    zoomInHint: 'Zoom in (+), or drag across the chart',
    zoomOutHint: 'Zoom out (−)',
    showAll: 'Show all',
    showAllHint: 'Show all (0)',
    keys: (name: string, zoomable: boolean) =>
      `${name}. Arrow keys read the values${zoomable ? '; + and − zoom, Shift+arrows move' : ''}.`,
    legend: 'Series (click to hide or show)',
    hide: (name: string) => `Hide ${name}`,
    show: (name: string) => `Show ${name}`,
    moreRows: (count: string) => `${count} more rows are not listed.`,
  },
  jobs: {
    label: {
      download: 'Download progress',
      ingest: 'Import progress',
      profile: 'Profile progress',
      export: 'Export progress',
      predict: 'Prediction progress',
    } satisfies Record<JobKind, string>,
    timeLeft: (duration: string) => `About ${duration} left`,
    estimating: 'Estimating time left…',
    cancel: 'Cancel',
    stopping: 'Stopping…',
  },
};

/** The shape every language file has: the same keys, the same message functions. */
export type Strings = typeof en;
