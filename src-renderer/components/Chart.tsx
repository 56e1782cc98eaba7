import { chartTable, renderChartSvg, type ChartSpec } from '@shared/charts';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useSettingsStore } from '../features/settings/store';

interface Props {
  spec: ChartSpec;
  /** Height as a fraction of the width; the box keeps this shape before and after measuring (no jump). */
  aspect?: number;
  testId?: string;
  className?: string;
}

/**
 * Draws a chart spec with the same renderer the exported report uses. Renders at the container's
 * real width so 11 px labels stay 11 px, and re-renders only when the spec, width or theme change.
 */
export function Chart({ spec, aspect = 0.62, testId, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(480);
  const [asTable, setAsTable] = useState(false);
  const theme = useSettingsStore((s) => s.resolved);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.round(el.clientWidth);
      if (w > 0) setWidth((prev) => (Math.abs(prev - w) > 2 ? w : prev));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const svg = useMemo(
    () => renderChartSvg(spec, { width, height: Math.round(width * aspect), theme, transparent: true }),
    [spec, width, aspect, theme],
  );
  const name = spec.title ?? 'Chart';
  return (
    <div className="chart-frame">
      <button
        type="button"
        className="chart-toggle"
        aria-pressed={asTable}
        aria-label={asTable ? `Show ${name} as a chart` : `Show ${name} as a table`}
        onClick={() => setAsTable((t) => !t)}
        data-testid={testId ? `${testId}-as-table` : undefined}
      >
        {asTable ? 'Chart' : 'Table'}
      </button>
      {asTable && <ChartTableView spec={spec} testId={testId ? `${testId}-table` : undefined} />}
      <div
        ref={ref}
        hidden={asTable}
        tabIndex={0}
        aria-label={name}
        className={`chart-box ${className ?? ''}`}
        style={{ aspectRatio: `${1 / aspect}` }}
        data-testid={testId}
        data-kind={spec.kind}
        // The SVG string is built by our renderer, which escapes every piece of text it is given.
        dangerouslySetInnerHTML={{ __html: svg }}
      />
    </div>
  );
}

/** The chart's numbers as a table ("show as table"): for reading exact values and for screen readers. */
function ChartTableView({ spec, testId }: { spec: ChartSpec; testId?: string }) {
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
      {table.omitted > 0 && <p className="muted">{table.omitted} more rows are not listed.</p>}
    </div>
  );
}
