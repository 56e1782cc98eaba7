import { chartTable, type ChartSpec } from '@shared/charts';
import { useMemo } from 'react';
import { t } from '../../strings';
import { formatCount } from '../../lib/format';

/** The chart's numbers as a table ("show as table"): for reading exact values and for screen readers. */
export function ChartTable({ spec, testId }: { spec: ChartSpec; testId?: string }) {
  const table = useMemo(() => chartTable(spec), [spec]);
  return (
    <div className="chart-table" data-testid={testId}>
      <table className="table compact">
        {spec.title && <caption>{spec.title}</caption>}
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {v}
                  </th>
                ) : (
                  <td key={j} className="num">
                    {v}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {table.omitted > 0 && <p className="muted">{t.chart.moreRows(formatCount(table.omitted))}</p>}
    </div>
  );
}
