import type { LoadedTable } from '../analytics/read-table';
import { encode } from './encode';
import { assign } from './kmeans';
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
