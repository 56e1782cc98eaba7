import { CodedError } from '@shared/errors';
import { loadTable, type LoadedTable } from '../analytics/read-table';
import { encode } from './encode';
import { assign } from './kmeans';
import { loadRfm, rfmTable } from './rfm';
import type { SegmentModelJson } from './run-segmentation';

/** Assigns rows of a table (the model's raw columns) to the nearest saved centroid. */
export function assignSegments(model: SegmentModelJson, table: LoadedTable): Int32Array {
  const d = model.featureNames.length;
  const x = encode(table, model.encoders);
  const c = Float64Array.from(model.centroids.flat());
  const labels = new Int32Array(table.rows);
  assign(x, table.rows, d, c, model.k, labels);
  return labels;
}

/**
 * Segments a new file with a saved model, for `automl predict`: one output row per input row
 * (`row`, `segment`), or in RFM mode one per customer of the new transactions
 * (`customer`, `segment`, recency_days, frequency, monetary; recency counted from the file's last date).
 */
export async function segmentFile(
  model: SegmentModelJson,
  path: string,
): Promise<{ header: string[]; rows: Array<Array<string | number>> }> {
  if (model?.kind !== 'segment') throw new CodedError('invalid-input', 'This model is not a segmentation model.');
  if (model.mode === 'rfm') {
    const rfm = await loadRfm(path);
    if (!rfm) {
      const c = model.rfm!.columns;
      throw new CodedError(
        'dataset-invalid',
        `This model segments customers from transactions: the file needs columns like ${c.customer}, ${c.date} and ${c.amount ?? `${c.quantity} and ${c.price}`}, with repeat customers.`,
      );
    }
    const labels = assignSegments(model, rfmTable(rfm));
    return {
      header: ['customer', 'segment', 'recency_days', 'frequency', 'monetary'],
      rows: rfm.customers.map((c, i) => [c, labels[i], rfm.recency[i], rfm.frequency[i], rfm.monetary[i]]),
    };
  }
  const table = await loadTable(
    path,
    model.encoders.map((e) => e.column),
  );
  const labels = assignSegments(model, table);
  return { header: ['row', 'segment'], rows: Array.from(labels, (l, i) => [i, l]) };
}
