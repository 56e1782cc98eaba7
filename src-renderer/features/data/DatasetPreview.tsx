import type { DatasetInfo } from '@shared/project';
import { plainType } from '@shared/units';
import { useMemo } from 'react';
import { VirtualGrid } from '../../components/VirtualGrid';
import { formatBytes, formatCount, plural } from '../../lib/format';
import { t } from '../../strings';

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;

/** What was read: size, columns, any skipped rows, and the first rows in a scrollable grid. */
export function DatasetPreview({ dataset }: { dataset: DatasetInfo }) {
  const columns = useMemo(
    () =>
      dataset.columns.map((c) => ({
        name: c.written ?? c.name,
        detail: plainType(c.dbType),
        numeric: NUMERIC.test(c.dbType),
      })),
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
              <span data-testid="dataset-rows">{plural(dataset.rows, t.nouns.image)}</span>
              <span>{plural(dataset.imageClasses.length, t.nouns.class)}</span>
              <span>{t.data.imageFolders}</span>
            </>
          ) : (
            <>
              <span data-testid="dataset-rows">{plural(dataset.rows, t.nouns.row)}</span>
              <span>{plural(dataset.columns.length, t.nouns.column)}</span>
              <span>{dataset.format.toUpperCase()}</span>
            </>
          )}
          <span>{formatBytes(dataset.bytes)}</span>
        </div>
      </div>
      {rejected.length > 0 && (
        <p className="notice" data-testid="skipped-rows">
          {t.data.skipped(plural(rejected.length, t.nouns.row), rejected[0].line, rejected[0].reason)}
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
              <strong>{c.name}</strong> <span className="muted">{plural(c.count, t.nouns.image)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <VirtualGrid
            columns={columns}
            rows={dataset.sample}
            label={t.data.firstRows(dataset.originalName)}
            testId="preview-grid"
          />
          <p className="muted small">
            {t.data.showing(formatCount(dataset.sample.length), plural(dataset.rows, t.nouns.row))}
          </p>
        </>
      )}
    </section>
  );
}
