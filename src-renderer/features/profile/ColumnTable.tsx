import type { ColumnProfile } from '@shared/project';
import { formatTicks, truncate } from '@shared/charts';
import { localize } from '@shared/locale';
import { Sparkbars } from '../../components/Sparkbars';
import { formatCount, formatPercent } from '../../lib/format';
import { t } from '../../strings';

/** The one-line summary of a column in the profile table. */
export function columnSummary(c: ColumnProfile): string {
  if (c.kind === 'numeric' && c.mean !== undefined) {
    // One style for the line's numbers: all abbreviated alike when the largest is ("9.65k ± 1.13k · 6.67k – 12.85k",
    // not "9649 ± 1127 · 6675 – 12.85k"), as one axis's ticks are.
    const values = [c.mean, c.std ?? NaN, c.min ?? NaN, c.max ?? NaN];
    const [mean, std, min, max] = formatTicks(values).map((v, i) => (Number.isFinite(values[i]) ? v : '–'));
    const range = c.min !== undefined && c.max !== undefined ? `${min} – ${max}` : '';
    return `${t.profile.mean(mean)}${c.std !== undefined ? ` ± ${std}` : ''}${range ? ` · ${range}` : ''}`;
  }
  if (c.topValues?.length)
    return c.topValues
      .slice(0, 3)
      .map((v) => `${v.value ? truncate(v.value, 40) : t.profile.empty} (${formatCount(v.count)})`)
      .join(', ');
  if (c.dateFormat) return t.profile.dates(c.dateFormat);
  return '';
}

/** Every column: type, gaps, distinct values, a one-line summary and its shape. */
export function ColumnTable({ columns, target }: { columns: ColumnProfile[]; target: string | null }) {
  return (
    <section className="card" aria-labelledby="columns-title">
      <h2 id="columns-title" className="card-title">
        {t.profile.columns}
      </h2>
      <div className="table-scroll">
        <table className="table" data-testid="column-table">
          <thead>
            <tr>
              <th scope="col">{t.profile.column}</th>
              <th scope="col">{t.profile.type}</th>
              <th scope="col" className="num">
                {t.profile.missing}
              </th>
              <th scope="col" className="num">
                {t.profile.distinct}
              </th>
              <th scope="col">{t.profile.summary}</th>
              <th scope="col">{t.profile.shape}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => {
              const counts = c.histogram?.counts ?? c.topValues?.slice(0, 12).map((v) => v.count);
              return (
                <tr key={c.name} data-testid={`column-${c.name}`} className={c.name === target ? 'is-target' : ''}>
                  <th scope="row">
                    {c.written ?? c.name}
                    {c.name === target && <span className="badge accent">{t.profile.targetBadge}</span>}
                  </th>
                  <td>
                    <span className={`kind kind-${c.kind}`}>{t.kinds[c.kind]}</span>
                  </td>
                  <td className={`num ${c.missingPct > 0.2 ? 'is-bad' : ''}`}>
                    <span className="meter" aria-hidden="true">
                      <span style={{ width: `${Math.min(100, c.missingPct * 100)}%` }} />
                    </span>
                    {c.missing ? (c.missingPct < 0.0005 ? localize('<0.1%') : formatPercent(c.missingPct, 1)) : '—'}
                  </td>
                  <td className="num">{formatCount(c.distinct)}</td>
                  <td className="summary-cell" title={columnSummary(c)}>
                    {columnSummary(c)}
                  </td>
                  <td>
                    {counts && counts.length > 0 ? (
                      <Sparkbars counts={counts} label={t.profile.distribution(c.name)} />
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
