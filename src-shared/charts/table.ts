import { formatNumber } from './scale';
import type { AxisSpec, ChartSpec, NumberFormat } from './spec';

/** A chart's numbers as a table: what "show as table" displays (same values, written in the person's locale). */
export interface ChartTable {
  columns: string[];
  rows: string[][];
  /** Rows left out beyond `maxRows` (long series, many points). */
  omitted: number;
}

const axisName = (axis: AxisSpec | undefined, fallback: string) =>
  axis?.label ? `${axis.label}${axis.unit ? ` (${axis.unit})` : ''}` : fallback;

/** The data behind a chart spec, one row per bar, bin, point, cell or step; at most `maxRows` rows. */
export function chartTable(spec: ChartSpec, maxRows = 500): ChartTable {
  const f = (v: number | null | undefined, format?: NumberFormat) =>
    v === null || v === undefined ? '–' : formatNumber(v, format ?? 'auto');
  let columns: string[];
  let rows: string[][];
  switch (spec.kind) {
    case 'bar': {
      const axis = spec.orientation === 'horizontal' ? spec.x : spec.y;
      columns = ['', axisName(axis, 'Value')];
      rows = spec.bars.map((b) => [b.label, b.valueText ?? f(b.value, axis?.format)]);
      break;
    }
    case 'histogram':
      columns = [axisName(spec.x, 'From'), 'To', axisName(spec.y, 'Count')];
      rows = spec.counts.map((c, i) => [
        f(spec.edges[i], spec.x?.format),
        f(spec.edges[i + 1], spec.x?.format),
        f(c, 'integer'),
      ]);
      break;
    case 'line': {
      const banded = spec.series.some((s) => s.lower && s.upper);
      columns = ['Series', axisName(spec.x, 'x'), axisName(spec.y, 'y'), ...(banded ? ['Low', 'High'] : [])];
      rows = spec.series.flatMap((s) =>
        s.x.map((x, i) => [
          s.name,
          f(x, spec.x?.format),
          f(Number.isFinite(s.y[i]) ? s.y[i] : null, spec.y?.format),
          ...(banded ? [f(s.lower?.[i], spec.y?.format), f(s.upper?.[i], spec.y?.format)] : []),
        ]),
      );
      break;
    }
    case 'scatter': {
      const { x, y, group } = spec.points;
      columns = [axisName(spec.x, 'x'), axisName(spec.y, 'y'), ...(group ? ['Group'] : [])];
      rows = x.map((v, i) => [f(v, spec.x?.format), f(y[i], spec.y?.format), ...(group ? [String(group[i])] : [])]);
      break;
    }
    case 'heatmap':
      columns = ['', ...spec.cols];
      rows = spec.rows.map((r, i) => [
        r,
        ...spec.cols.map((_, j) => {
          const note = spec.cellNotes?.[i]?.[j];
          return `${f(spec.values[i]?.[j], spec.valueFormat)}${note ? ` (${note})` : ''}`;
        }),
      ]);
      break;
    case 'waterfall':
      columns = ['', 'Change', 'Value'];
      {
        let at = spec.base.value;
        rows = [
          [spec.base.label, '', f(at, spec.valueFormat)],
          ...spec.steps.map((s) => {
            at += s.delta;
            return [s.label, `${s.delta >= 0 ? '+' : ''}${f(s.delta, spec.valueFormat)}`, f(at, spec.valueFormat)];
          }),
          [spec.total.label, '', f(spec.total.value, spec.valueFormat)],
        ];
      }
      break;
    case 'beeswarm':
      columns = ['', `${axisName(spec.x, 'Effect')}: low`, 'median', 'high', 'Points'];
      rows = spec.rows.map((r) => {
        const xs = [...r.x].filter(Number.isFinite).sort((a, b) => a - b);
        const at = (q: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] : null);
        return [
          r.label,
          f(at(0), spec.x?.format),
          f(at(0.5), spec.x?.format),
          f(at(1 - 1e-9), spec.x?.format),
          f(xs.length, 'integer'),
        ];
      });
      break;
  }
  return { columns, rows: rows.slice(0, maxRows), omitted: Math.max(0, rows.length - maxRows) };
}
