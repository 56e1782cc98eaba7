import type { ColumnProfile } from '@shared/project';
import { formatNumber } from '@shared/charts';
import { Sparkbars } from '../../components/Sparkbars';
import { formatCount, formatPercent, humanize } from '../../lib/format';

function summary(c: ColumnProfile): string {
  if (c.kind === 'numeric' && c.mean !== undefined) {
    const range = c.min !== undefined && c.max !== undefined ? `${formatNumber(c.min)} – ${formatNumber(c.max)}` : '';
    return `mean ${formatNumber(c.mean)}${c.std !== undefined ? ` ± ${formatNumber(c.std)}` : ''}${range ? ` · ${range}` : ''}`;
  }
  if (c.topValues?.length)
    return c.topValues
      .slice(0, 3)
      .map((t) => `${t.value || '(empty)'} (${formatCount(t.count)})`)
      .join(', ');
  if (c.dateFormat) return `dates (${c.dateFormat})`;
  return '';
}

/** Every column: type, gaps, distinct values, a one-line summary and its shape. */
export function ColumnTable({ columns, target }: { columns: ColumnProfile[]; target: string | null }) {
  return (
    <section className="card" aria-labelledby="columns-title">
      <h2 id="columns-title" className="card-title">
        Columns
      </h2>
      <div className="table-scroll">
        <table className="table" data-testid="column-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Missing
              </th>
              <th scope="col" className="num">
                Distinct
              </th>
              <th scope="col">Summary</th>
              <th scope="col">Shape</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => {
              const counts = c.histogram?.counts ?? c.topValues?.slice(0, 12).map((t) => t.count);
              return (
                <tr key={c.name} data-testid={`column-${c.name}`} className={c.name === target ? 'is-target' : ''}>
                  <th scope="row">
                    {c.name}
                    {c.name === target && <span className="badge accent">target</span>}
                  </th>
                  <td>
                    <span className={`kind kind-${c.kind}`}>{humanize(c.kind)}</span>
                  </td>
                  <td className={`num ${c.missingPct > 0.2 ? 'is-bad' : ''}`}>
                    <span className="meter" aria-hidden="true">
                      <span style={{ width: `${Math.min(100, c.missingPct * 100)}%` }} />
                    </span>
                    {c.missing ? formatPercent(c.missingPct, 1) : '—'}
                  </td>
                  <td className="num">{formatCount(c.distinct)}</td>
                  <td className="summary-cell" title={summary(c)}>
                    {summary(c)}
                  </td>
                  <td>
                    {counts && counts.length > 0 ? (
                      <Sparkbars counts={counts} label={`Distribution of ${c.name}`} />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
