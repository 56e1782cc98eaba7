import type { ModelSchema } from '@shared/channels';
import { slugId } from '../../engine/pipeline/model-json';

/** "Boston Housing.csv" → "boston-housing"; folders and zips of images keep their name without the extension. */
function datasetWords(dataset: string | null | undefined): string {
  const base = (dataset ?? '').split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(csv|tsv|txt|json|jsonl|ndjson|parquet|zip|gz)$/gi, '');
}

/**
 * Ids a new model of this schema could take, most readable first: the target and task
 * ("price-regression"), then the dataset's name in front ("diamonds-price-regression"), then numbered.
 * Tasks without a target are named after the data ("births-forecast", "wages-anomalies").
 */
export function candidateIds(schema: ModelSchema, dataset?: string | null): string[] {
  const data = datasetWords(dataset);
  const noun: Record<string, string> = { image: 'classifier', segment: 'segments', anomaly: 'anomalies' };
  const task = noun[schema.task] ?? schema.task;
  const first = schema.target ? slugId(schema.target, task) : slugId(data || schema.task, task);
  const second = data && schema.target ? slugId(data, schema.target, task) : null;
  const ids = [first, ...(second && second !== first ? [second] : [])];
  for (let i = 2; i < 1000; i++) ids.push(`${first}-${i}`);
  return ids;
}
