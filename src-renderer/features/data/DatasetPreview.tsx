import type { DatasetInfo } from '@shared/project';
import { plainType } from '@shared/units';
import { useMemo } from 'react';
import { VirtualGrid } from '../../components/VirtualGrid';
import { formatBytes, formatCount, plural } from '../../lib/format';

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;

/** What was read: size, columns, any skipped rows, and the first rows in a scrollable grid. */
export function DatasetPreview({ dataset }: { dataset: DatasetInfo }) {
  const columns = useMemo(
    () => dataset.columns.map((c) => ({ name: c.name, detail: plainType(c.dbType), numeric: NUMERIC.test(c.dbType) })),
    [dataset.columns],
  );
  const rejected = dataset.rejectedRows ?? [];
  return (
    <section className="card" aria-labelledby="preview-title" data-testid="dataset-preview">
      <div className="card-head">
        <h2 id="preview-title" className="card-title">
          {dataset.originalName}
        </h2>
        <div className="stats-inline">
          {dataset.imageClasses ? (
            <>
              {/* An image set's "columns" are file, class and size: count what a person cares about. */}
              <span data-testid="dataset-rows">{plural(dataset.rows, 'image')}</span>
              <span>{plural(dataset.imageClasses.length, 'class', 'classes')}</span>
              <span>Image folders</span>
            </>
          ) : (
            <>
              <span data-testid="dataset-rows">{plural(dataset.rows, 'row')}</span>
              <span>{plural(dataset.columns.length, 'column')}</span>
              <span>{dataset.format.toUpperCase()}</span>
            </>
          )}
          <span>{formatBytes(dataset.bytes)}</span>
        </div>
      </div>
      {rejected.length > 0 && (
        <p className="notice" data-testid="skipped-rows">
          {formatCount(rejected.length)} malformed {rejected.length === 1 ? 'row was' : 'rows were'} left out (first:
          line {rejected[0].line}, {rejected[0].reason}).
        </p>
      )}
      {(dataset.notes ?? []).map((note) => (
        <p key={note} className="notice" data-testid="import-note">
          {note}
        </p>
      ))}
      {dataset.imageClasses ? (
        <ul className="class-list" data-testid="image-classes">
          {dataset.imageClasses.map((c) => (
            <li key={c.name}>
              <strong>{c.name}</strong> <span className="muted">{plural(c.count, 'image')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <VirtualGrid
            columns={columns}
            rows={dataset.sample}
            label={`First rows of ${dataset.originalName}`}
            testId="preview-grid"
          />
          <p className="muted small">
            Showing the first {formatCount(dataset.sample.length)} of {formatCount(dataset.rows)} rows.
          </p>
        </>
      )}
    </section>
  );
}
