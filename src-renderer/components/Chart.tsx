import { renderChart, type ChartMark, type ChartSpec } from '@shared/charts';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useSettingsStore } from '../features/settings/store';
import { ChartLegend } from './chart/ChartLegend';
import { ChartTable } from './chart/ChartTable';
import {
  dataX,
  markAt,
  panRange,
  rangeFromPixels,
  readingOrder,
  stepMark,
  zoomRange,
  type StepKey,
} from './chart/interaction';
import { t } from '../strings';

interface Props {
  spec: ChartSpec;
  /** Height as a fraction of the width; the box keeps this shape before and after measuring (no jump). */
  aspect?: number;
  testId?: string;
  className?: string;
  /** Line and scatter charts: the x range shown first (the rest is a zoom-out or a pan away). */
  initialRange?: [number, number];
}

type Range = [number, number];
const STEP_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);
/** Charts with at least this many points offer zoom buttons (any line or scatter chart zooms by dragging). */
const ZOOM_BUTTONS_FROM = 24;

/**
 * Draws a chart spec with the same renderer the exported report uses, at the container's real width (11 px labels
 * stay 11 px), and makes it interactive: a tooltip on every point, bar and cell (pointer or arrow keys), legend
 * toggles, zoom and pan on line and scatter charts (drag across the plot, Ctrl+wheel, + and −, Shift+arrows, 0 or
 * a double click to reset) and a table view of the same numbers.
 */
export function Chart({ spec, aspect = 0.62, testId, className, initialRange }: Props) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(480);
  const [asTable, setAsTable] = useState(false);
  const [hidden, setHidden] = useState<string[]>([]);
  const [xRange, setXRange] = useState<Range | null>(initialRange ?? null);
  // The mark in focus, by its text: it stays on the same point when a zoom or a toggle redraws the chart.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const theme = useSettingsStore((s) => s.resolved);

  useLayoutEffect(() => {
    const el = boxRef.current;
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

  const chart = useMemo(
    () =>
      renderChart(spec, {
        width,
        height: Math.round(width * aspect),
        theme,
        transparent: true,
        nativeTooltips: false,
        view: { hidden, xRange: xRange ?? undefined, legend: false },
      }),
    [spec, width, aspect, theme, hidden, xRange],
  );
  const order = useMemo(() => readingOrder(chart.marks), [chart.marks]);
  const spacing = useMemo(() => halfGap(chart.marks), [chart.marks]);
  const full = chart.plot?.xExtent;
  const zoomable = Boolean(chart.plot?.xDomain && full && full[1] > full[0]);
  const active = useMemo(() => {
    if (activeKey === null) return null;
    const i = chart.marks.findIndex((m) => markKey(m) === activeKey);
    return i < 0 ? null : i;
  }, [chart.marks, activeKey]);
  const mark = active !== null ? chart.marks[active] : undefined;
  const setActive = (i: number | null) => setActiveKey(i === null ? null : markKey(chart.marks[i]));

  /** Pointer position in the SVG's own pixels. */
  const svgPoint = (clientX: number, clientY: number) => {
    const svg = boxRef.current?.querySelector('svg');
    if (!svg) return null;
    const r = svg.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    return { x: ((clientX - r.left) * chart.width) / r.width, y: ((clientY - r.top) * chart.height) / r.height };
  };

  // Ctrl/⌘ + wheel zooms around the pointer; a plain wheel still scrolls the page.
  useEffect(() => {
    const el = boxRef.current;
    if (!el || !zoomable || !full || !chart.plot) return;
    const plot = chart.plot;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const p = svgPoint(e.clientX, e.clientY);
      setXRange((r) => zoomRange(r, full, e.deltaY < 0 ? 0.8 : 1.25, p ? dataX(plot, p.x) : undefined));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const p = svgPoint(e.clientX, e.clientY);
    if (!p) return;
    if (drag) {
      setDrag({ from: drag.from, to: p.x });
      return;
    }
    // Lines answer within half the gap between points (at least 24 px), so the pointer never falls between two.
    setActive(markAt(chart.marks, p.x, p.y, chart.snap, chart.snap === 'x' ? Math.max(24, spacing) : undefined));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const p = svgPoint(e.clientX, e.clientY);
    const plot = chart.plot;
    if (!p || !zoomable || !plot || e.button !== 0) return;
    if (p.x < plot.left || p.x > plot.right || p.y < plot.top || p.y > plot.bottom) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    setDrag({ from: p.x, to: p.x });
  };
  const onPointerUp = () => {
    if (!drag || !chart.plot) return;
    // A click is not a zoom: only a drag across at least 8 px of the plot.
    if (Math.abs(drag.to - drag.from) >= 8) {
      const r = rangeFromPixels(chart.plot, drag.from, drag.to);
      if (r && full) setXRange(zoomRange(r, full, 1));
    }
    setDrag(null);
  };

  const zoom = (factor: number) => {
    if (!full) return;
    setXRange((r) => zoomRange(r, full, factor, mark && chart.plot ? dataX(chart.plot, mark.x) : undefined));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (zoomable && full && e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      setXRange((r) => panRange(r, full, e.key === 'ArrowLeft' ? -0.25 : 0.25));
    } else if (STEP_KEYS.has(e.key)) {
      setActive(stepMark(chart.marks, order, active, e.key as StepKey));
    } else if (zoomable && (e.key === '+' || e.key === '=')) zoom(0.5);
    else if (zoomable && (e.key === '-' || e.key === '_')) zoom(2);
    else if (zoomable && e.key === '0') setXRange(null);
    else if (e.key === 'Escape' && active !== null) setActive(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const toggle = (name: string) => {
    setHidden((h) => (h.includes(name) ? h.filter((n) => n !== name) : [...h, name]));
    setActive(null);
  };

  const name = spec.title ?? t.chart.untitled;
  const showZoom = zoomable && (chart.marks.length >= ZOOM_BUTTONS_FROM || xRange !== null);
  const tip = mark ? placeTip(mark, chart.width, chart.height) : null;
  const dragBox = drag && chart.plot ? brushBox(drag, chart.plot, chart.width, chart.height) : null;
  return (
    <div className={`chart-frame ${className ?? ''}`}>
      <div className="chart-tools">
        {showZoom && (
          <>
            <button
              type="button"
              aria-label={t.chart.zoomOut(name)}
              title={t.chart.zoomOutHint}
              disabled={xRange === null}
              onClick={() => zoom(2)}
              data-testid={testId ? `${testId}-zoom-out` : undefined}
            >
              −
            </button>
            <button
              type="button"
              aria-label={t.chart.zoomIn(name)}
              title={t.chart.zoomInHint}
              onClick={() => zoom(0.5)}
              data-testid={testId ? `${testId}-zoom-in` : undefined}
            >
              +
            </button>
            {xRange !== null && (
              <button
                type="button"
                title={t.chart.showAllHint}
                onClick={() => setXRange(null)}
                data-testid={testId ? `${testId}-zoom-reset` : undefined}
              >
                {t.chart.showAll}
              </button>
            )}
          </>
        )}
        <button
          type="button"
          className="chart-toggle"
          aria-pressed={asTable}
          aria-label={asTable ? t.chart.showAsChart(name) : t.chart.showAsTable(name)}
          onClick={() => setAsTable((t) => !t)}
          data-testid={testId ? `${testId}-as-table` : undefined}
        >
          {asTable ? t.chart.chart : t.chart.table}
        </button>
      </div>
      {asTable && <ChartTable spec={spec} testId={testId ? `${testId}-table` : undefined} />}
      <div className="chart-stage" hidden={asTable}>
        <div className="chart-inner">
          <div
            ref={boxRef}
            tabIndex={0}
            role="group"
            aria-label={t.chart.keys(name, zoomable)}
            className={`chart-box${drag ? ' dragging' : ''}`}
            style={{ aspectRatio: `${1 / aspect}` }}
            data-testid={testId}
            data-kind={spec.kind}
            data-zoomed={xRange !== null ? 'true' : undefined}
            data-x-range={xRange ? xRange.join(',') : undefined}
            onPointerMove={onPointerMove}
            onPointerLeave={() => !drag && setActive(null)}
            onPointerDown={onPointerDown}
            onPointerUp={onPointerUp}
            onPointerCancel={() => setDrag(null)}
            onDoubleClick={() => setXRange(null)}
            onKeyDown={onKeyDown}
            onBlur={() => setActive(null)}
            // The SVG string is built by our renderer, which escapes every piece of text it is given.
            dangerouslySetInnerHTML={{ __html: chart.svg }}
          />
          {mark && tip && (
            <>
              <span className="chart-focus" style={{ left: tip.ringX, top: tip.ringY }} aria-hidden />
              <div
                className={`chart-tooltip${tip.flip ? ' flip' : ''}${tip.below ? ' below' : ''}`}
                style={{ left: tip.x, top: tip.y }}
                role="tooltip"
                data-testid={testId ? `${testId}-tooltip` : undefined}
              >
                {mark.lines.map((l, i) => (i === 0 ? <strong key={i}>{l}</strong> : <span key={i}>{l}</span>))}
              </div>
            </>
          )}
          {dragBox && <div className="chart-brush" style={dragBox} aria-hidden />}
          <div className="sr-only" aria-live="polite">
            {mark ? mark.lines.join(', ') : ''}
          </div>
        </div>
      </div>
      {chart.legend.length > 1 && (
        <ChartLegend entries={chart.legend} onToggle={toggle} testId={testId ? `${testId}-legend` : undefined} />
      )}
    </div>
  );
}

/** Half the widest gap between neighbouring points along x. */
function halfGap(marks: ChartMark[]): number {
  const xs = marks
    .filter((m) => !m.box)
    .map((m) => m.x)
    .sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < xs.length; i++) gap = Math.max(gap, xs[i] - xs[i - 1]);
  return gap / 2 + 1;
}

const markKey = (m: ChartMark) => `${m.series ?? ''}\u0000${m.lines.join('\u0000')}`;

/** Where the tooltip goes, in % of the stage (the SVG fills it): beside the mark, flipped near the edges. */
function placeTip(mark: { x: number; y: number }, w: number, h: number) {
  const x = (mark.x / w) * 100;
  const y = (mark.y / h) * 100;
  return { ringX: `${x}%`, ringY: `${y}%`, x: `${x}%`, y: `${y}%`, flip: x > 60, below: y < 30 };
}

function brushBox(
  drag: { from: number; to: number },
  plot: { left: number; right: number; top: number; bottom: number },
  w: number,
  h: number,
) {
  const a = Math.max(plot.left, Math.min(drag.from, drag.to));
  const b = Math.min(plot.right, Math.max(drag.from, drag.to));
  return {
    left: `${(a / w) * 100}%`,
    width: `${((b - a) / w) * 100}%`,
    top: `${(plot.top / h) * 100}%`,
    height: `${((plot.bottom - plot.top) / h) * 100}%`,
  };
}
