import { useMemo, useState, type UIEvent } from 'react';

interface Props {
  /** `numeric` columns are right-aligned so digits line up. */
  columns: Array<{ name: string; detail?: string; numeric?: boolean }>;
  rows: Array<Array<string | null>>;
  /** Visible height in pixels; rows outside it are not in the DOM. */
  height?: number;
  rowHeight?: number;
  testId?: string;
  label: string;
}

const OVERSCAN = 6;

function columnWidths(columns: Props['columns'], rows: Props['rows']): number[] {
  return columns.map((c, j) => {
    let longest = Math.max(c.name.length, (c.detail ?? '').length * 0.85);
    for (let i = 0; i < Math.min(rows.length, 60); i++) longest = Math.max(longest, (rows[i][j] ?? '').length);
    return Math.round(Math.min(260, Math.max(84, longest * 7.4 + 24)));
  });
}

/**
 * A read-only data grid that renders only the rows in view (plus a few), so a preview of any
 * length scrolls smoothly. Header and row numbers stay put while scrolling.
 */
export function VirtualGrid({ columns, rows, height = 360, rowHeight = 30, testId, label }: Props) {
  const [scrollTop, setScrollTop] = useState(0);
  const widths = useMemo(() => columnWidths(columns, rows), [columns, rows]);
  const template = `56px ${widths.map((w) => `${w}px`).join(' ')}`;
  const totalWidth = 56 + widths.reduce((a, b) => a + b, 0);
  const headerHeight = 44;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const onScroll = (e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop);

  return (
    <div
      className="vgrid"
      style={{ height }}
      onScroll={onScroll}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      tabIndex={0}
      data-testid={testId}
      data-rows={rows.length}
    >
      <div style={{ height: headerHeight + rows.length * rowHeight, width: totalWidth, position: 'relative' }}>
        <div
          className="vgrid-row vgrid-header"
          role="row"
          aria-rowindex={1}
          style={{ gridTemplateColumns: template, height: headerHeight }}
        >
          <div className="vgrid-cell vgrid-rownum" role="columnheader">
            #
          </div>
          {columns.map((c) => (
            <div key={c.name} className="vgrid-cell" role="columnheader" title={c.name}>
              <span className="vgrid-col-name">{c.name}</span>
              {c.detail && <span className="vgrid-col-detail">{c.detail}</span>}
            </div>
          ))}
        </div>
        {rows.slice(first, last).map((row, k) => {
          const i = first + k;
          return (
            <div
              key={i}
              className="vgrid-row"
              role="row"
              aria-rowindex={i + 2}
              style={{
                gridTemplateColumns: template,
                height: rowHeight,
                transform: `translateY(${headerHeight + i * rowHeight}px)`,
              }}
            >
              <div className="vgrid-cell vgrid-rownum" role="rowheader">
                {i + 1}
              </div>
              {columns.map((c, j) => {
                const v = row[j];
                return (
                  <div
                    key={c.name}
                    className={`vgrid-cell ${c.numeric ? 'is-num' : ''} ${v === null || v === undefined ? 'is-missing' : ''}`}
                    role="gridcell"
                    title={v ?? 'missing'}
                  >
                    {v ?? 'missing'}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
