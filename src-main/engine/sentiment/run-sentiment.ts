import type { BarSpec, HistogramSpec } from '@shared/charts';
import { CodedError } from '@shared/errors';
import type { LeaderboardRow } from '@shared/project';
import { writeCsv } from '../analytics/csv-out';
import { publishRow } from '../analytics/progress';
import { ProgressReporter } from '../util/progress';
import { describeSource, kindOfDbType, loadTable, withDuckDb } from '../analytics/read-table';
import { checkAborted, type TaskContext, type TaskResult } from '../analytics/task-result';
import { scoreText, type SentimentScore } from './vader';
import { ARTIFACT_FILES } from '../artifacts/files';
import { artifactPath } from '../artifacts/store';

export interface SentimentInput {
  dataPath: string;
  textColumn: string;
  artifactDir: string;
}

export interface SentimentDetails {
  textColumn: string;
  rows: number;
  /** Rows with no text (left unscored). */
  empty: number;
  counts: { positive: number; neutral: number; negative: number };
  meanCompound: number;
  histogram: { edges: number[]; counts: number[] };
  /** Five most positive and five most negative texts (first 200 characters). */
  examples: {
    positive: Array<{ row: number; compound: number; text: string }>;
    negative: Array<{ row: number; compound: number; text: string }>;
  };
  /** A column that looks like existing sentiment labels or ratings: with it, a text classifier can learn the labels instead. */
  labelColumnHint: string | null;
  lexicon: { name: string; licence: string };
}

/** Scores each text with the VADER lexicon (compound and label per row) and summarises the distribution. */
export async function runSentiment(input: SentimentInput, ctx: TaskContext): Promise<TaskResult<SentimentDetails>> {
  const progress = new ProgressReporter(ctx.emit);
  progress.report(0, 'Reading texts');
  const schema = await withDuckDb((conn) => describeSource(conn, input.dataPath));
  const col = schema.find((c) => c.name === input.textColumn);
  if (!col)
    throw new CodedError(
      'column-missing',
      `Column '${input.textColumn}' not found. Columns are: ${schema.map((c) => c.name).join(', ')}.`,
    );
  if (kindOfDbType(col.dbType) !== 'string')
    throw new CodedError(
      'column-type',
      `Column '${input.textColumn}' holds ${col.dbType} values, not text. Choose a text column.`,
    );
  const hint =
    schema.find((c) => c.name !== input.textColumn && /sentiment|label|rating|stars|polarity|score|class/i.test(c.name))
      ?.name ?? null;
  const table = await loadTable(input.dataPath, [input.textColumn]);
  const texts = table.columns[0].values as Array<string | null>;
  const n = texts.length;
  const started = Date.now();
  const scores: Array<SentimentScore | null> = new Array(n);
  for (let i = 0; i < n; i++) {
    if (i % 500 === 0) {
      checkAborted(ctx.signal);
      progress.report(0.05 + (0.85 * i) / n, `Scored ${i} of ${n} texts`, { modelId: 'lexicon', family: 'lexicon' });
    }
    const t = texts[i];
    scores[i] = t && t.trim() ? scoreText(t) : null;
  }
  const counts = { positive: 0, neutral: 0, negative: 0 };
  let sum = 0;
  let scored = 0;
  const hist = new Array<number>(20).fill(0);
  for (const s of scores) {
    if (!s) continue;
    counts[s.label]++;
    sum += s.compound;
    scored++;
    hist[Math.min(19, Math.floor((s.compound + 1) * 10))]++;
  }
  if (scored === 0) throw new CodedError('dataset-empty', `Column '${input.textColumn}' has no text to score.`);
  const ranked = scores
    .map((s, row) => ({ row, s }))
    .filter((x): x is { row: number; s: SentimentScore } => x.s !== null);
  ranked.sort((a, b) => b.s.compound - a.s.compound);
  const example = (x: { row: number; s: SentimentScore }): { row: number; compound: number; text: string } => ({
    row: x.row,
    compound: x.s.compound,
    text: texts[x.row]!.slice(0, 200),
  });
  const details: SentimentDetails = {
    textColumn: input.textColumn,
    rows: n,
    empty: n - scored,
    counts,
    meanCompound: sum / scored,
    histogram: { edges: Array.from({ length: 21 }, (_, i) => -1 + i / 10), counts: hist },
    examples: {
      positive: ranked
        .slice(0, 5)
        .filter((x) => x.s.compound > 0)
        .map(example),
      negative: ranked
        .slice(-5)
        .reverse()
        .filter((x) => x.s.compound < 0)
        .map(example),
    },
    labelColumnHint: hint,
    lexicon: {
      name: 'VADER (vader-sentiment 1.1.3)',
      licence: 'Apache-2.0 (JavaScript port, Comcast); lexicon MIT (C.J. Hutto)',
    },
  };
  const path = await writeCsv(
    artifactPath(input.artifactDir, 'sentiment'),
    ['row', 'compound', 'label', 'pos', 'neu', 'neg'],
    scores.map((s, i) => (s ? [i, s.compound, s.label, s.pos, s.neu, s.neg] : [i, null, '', null, null, null])),
  );
  ctx.emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'predictions', path } });
  const row: LeaderboardRow = {
    modelId: 'lexicon',
    family: 'lexicon',
    label: 'VADER lexicon',
    params: { positive: counts.positive, neutral: counts.neutral, negative: counts.negative },
    metrics: { mean_compound: details.meanCompound },
    fitSeconds: (Date.now() - started) / 1000,
    status: 'done',
  };
  publishRow(ctx.emit, [row], row, 'mean_compound');
  progress.report(1, `${counts.positive} positive, ${counts.neutral} neutral, ${counts.negative} negative`);
  const bars: BarSpec = {
    kind: 'bar',
    title: 'Sentiment',
    showValues: true,
    bars: (['positive', 'neutral', 'negative'] as const).map((k) => ({ label: k, value: counts[k] })),
    y: { label: 'Texts', format: 'integer' },
  };
  const histSpec: HistogramSpec = {
    kind: 'histogram',
    title: 'Compound score',
    edges: details.histogram.edges,
    counts: hist,
    markers: [{ value: details.meanCompound, label: 'mean' }],
    x: { label: 'Compound (-1 negative to +1 positive)', min: -1, max: 1, format: 'decimal2' },
    y: { label: 'Texts', format: 'integer' },
  };
  return {
    summary: {
      task: 'sentiment',
      metric: 'mean_compound',
      leaderboard: [row],
      bestModelId: 'lexicon',
      elapsedSeconds: progress.elapsedSeconds(),
      cancelled: false,
      artifactDir: input.artifactDir,
    },
    details,
    artifacts: [{ name: ARTIFACT_FILES.sentiment, path }],
    charts: [
      { title: 'Sentiment distribution', spec: bars },
      { title: 'Compound score', spec: histSpec },
    ],
  };
}
