/**
 * A small declarative chart format shared by the wizard (rendered live in the browser) and the
 * exported report (rendered to SVG in Node), so both always show the same picture.
 * Specs are plain JSON: no functions, no class instances, no colours (the theme picks those).
 */

/** How numbers on an axis, in a cell or in a tooltip are written. `date` reads numbers as epoch ms (UTC). */
export type NumberFormat = 'auto' | 'integer' | 'percent' | 'decimal2' | 'decimal3' | 'date';

export interface AxisSpec {
  /** Axis title, e.g. "Predicted price". */
  label?: string;
  /** Unit appended to the axis title in brackets, e.g. "$1000s", "s". */
  unit?: string;
  /** Fixed domain ends; when absent the domain comes from the data (and is rounded to nice ticks). */
  min?: number;
  max?: number;
  format?: NumberFormat;
}

interface ChartBase {
  title?: string;
  subtitle?: string;
  /** Read by screen readers (SVG <desc>). */
  description?: string;
  x?: AxisSpec;
  y?: AxisSpec;
}

export interface BarDatum {
  label: string;
  value: number;
  /** Drawn in the accent colour (e.g. the best model); others are drawn muted when any bar is highlighted. */
  highlight?: boolean;
  /** Extra tooltip text. */
  note?: string;
  /** Printed next to the bar instead of its value (when the bar's length is not the number a person reads). */
  valueText?: string;
}

/** Categories with one value each. `horizontal` suits long labels (feature names, model names). */
export interface BarSpec extends ChartBase {
  kind: 'bar';
  bars: BarDatum[];
  orientation?: 'vertical' | 'horizontal';
  /** Print each value next to its bar. */
  showValues?: boolean;
}

/** Pre-binned counts: `edges.length === counts.length + 1`. */
export interface HistogramSpec extends ChartBase {
  kind: 'histogram';
  edges: number[];
  counts: number[];
  /** Optional vertical marker lines (e.g. mean, median). */
  markers?: Array<{ value: number; label: string }>;
}

/** One line. `x`, `y` (and `lower`/`upper` when given) have the same length; non-finite y values leave gaps. */
export interface LineSeries {
  name: string;
  x: number[];
  y: number[];
  /** An interval drawn as a shaded band around the line (forecast intervals, CV spread). */
  lower?: number[];
  upper?: number[];
  dashed?: boolean;
  /** A context line (one row among many): drawn thin and grey, left out of the legend. */
  muted?: boolean;
}

export interface LineSpec extends ChartBase {
  kind: 'line';
  series: LineSeries[];
  /** Dashed y = x reference (ROC chance line). */
  diagonal?: boolean;
  /** Show the legend; defaults to true when there is more than one series. */
  legend?: boolean;
}

export interface ScatterSpec extends ChartBase {
  kind: 'scatter';
  /**
   * Row-aligned coordinates (`x.length === y.length`); non-finite pairs are skipped. `group` (same length,
   * optional) colours points by category (segments, classes) and adds a legend.
   */
  points: { x: number[]; y: number[]; group?: Array<string | number> };
  /** Dashed y = x reference (predicted vs actual). */
  diagonal?: boolean;
  /** Dashed horizontal reference at this y (0 for residuals). */
  hline?: number;
  /**
   * Colours points on a continuous scale (row-aligned with x and y): `values` from 0 (low, blue) to 1 (high,
   * red); null draws a point grey (missing). A small key names the scale (`label`, with `low` / `high` words).
   */
  color?: { values: Array<number | null>; label: string; low?: string; high?: string };
}

/** A matrix of values: confusion matrices (sequential) and correlations (diverging around 0). */
export interface HeatmapSpec extends ChartBase {
  kind: 'heatmap';
  rows: string[];
  cols: string[];
  /** values[row][col]; null = no value. */
  values: Array<Array<number | null>>;
  scale?: 'sequential' | 'diverging';
  /** Colour domain; defaults to [min, max] (sequential) or [-max|v|, max|v|] (diverging). */
  domain?: [number, number];
  /** Print the value inside each cell (hidden automatically when cells are too small). */
  showValues?: boolean;
  valueFormat?: NumberFormat;
  /**
   * Optional per-cell colour weights (same shape as values) when colour should show something other than
   * the printed value, e.g. row-normalised rates in a confusion matrix that prints counts.
   */
  colorValues?: Array<Array<number | null>>;
  /** A colour key beside the matrix: what the colour means (e.g. "Correlation"), with ticks in `legendFormat`. */
  legend?: { label: string; format?: NumberFormat };
  /**
   * Optional words printed in a cell instead of its value and added to its tooltip (same shape as values; null =
   * the value): what the value cannot show, e.g. "20% new" where a drift PSI over the training categories is 0.
   */
  cellNotes?: Array<Array<string | null>>;
}

/**
 * How a value is built up from a starting value by signed steps (an explanation: the average prediction, each
 * column's push up or down, the prediction). Drawn as horizontal bars, one row per step, each starting where the
 * previous one ended; increases and decreases in two colours. `total.value` = `base.value` + the sum of the deltas.
 */
export interface WaterfallSpec extends ChartBase {
  kind: 'waterfall';
  base: { label: string; value: number; note?: string };
  steps: Array<{ label: string; delta: number; note?: string }>;
  total: { label: string; value: number; note?: string };
  /** How values and deltas are written (axis `x.format` sets the ticks). */
  valueFormat?: NumberFormat;
}

/**
 * One row of points per item (a summary of explanations: each point is one row of data, placed by its effect
 * along x, coloured by the item's value in that row from low to high). Points that would overlap spread
 * vertically. Rows are drawn in the given order, top first.
 */
export interface BeeswarmSpec extends ChartBase {
  kind: 'beeswarm';
  rows: Array<{ label: string; x: number[]; color: Array<number | null> }>;
  /** Words at the two ends of the colour key, e.g. "low" / "high", and what is coloured. */
  colorKey: { label: string; low: string; high: string };
}

export type ChartSpec = BarSpec | HistogramSpec | LineSpec | ScatterSpec | HeatmapSpec | WaterfallSpec | BeeswarmSpec;
export type ChartKind = ChartSpec['kind'];

export interface RenderOptions {
  /** Pixels; defaults 480 × 300. The SVG carries a viewBox, so it also scales with CSS. */
  width?: number;
  height?: number;
  theme?: 'light' | 'dark';
  /** Leave the background unpainted (the host page paints it). Default false. */
  transparent?: boolean;
  /**
   * Native SVG `<title>` tooltips on bars, cells and lines (default true: the report has no script). The app turns
   * them off and shows its own tooltips from the marks instead.
   */
  nativeTooltips?: boolean;
  /** What an interactive host changed: hidden series, a zoomed x range, its own legend. */
  view?: ChartView;
}

/** A person's view of a chart in the app; the report always draws the whole chart. */
export interface ChartView {
  /** Line series or scatter groups not drawn (by name); they keep their colour and their place in the legend. */
  hidden?: string[];
  /** Line and scatter charts: only this x range (data units) is drawn; the y axis fits what is visible. */
  xRange?: [number, number];
  /** False: the host draws its own legend (from `RenderResult.legend`), so the SVG leaves it out. */
  legend?: boolean;
}

/**
 * One thing a pointer or the keyboard can rest on (a point, a bar, a cell), in the SVG's own pixels
 * (`0..width`, `0..height`). The renderer lists them in reading order: series by series, left to right.
 */
export interface ChartMark {
  /** The centre: where a tooltip points and a focus ring is drawn. */
  x: number;
  y: number;
  /** The area that counts as "on" the mark (bars, cells); points count within a few pixels of the centre. */
  box?: { x: number; y: number; width: number; height: number };
  /** The series or group the mark belongs to. */
  series?: string;
  /** The tooltip, one line each; the first names the mark. */
  lines: string[];
}

/** A legend entry an interactive host can draw as a toggle. */
export interface LegendEntry {
  name: string;
  color: string;
  dashed?: boolean;
  hidden: boolean;
}

/** The plot area and its x domain, for turning a pointer position into a data value (zoom by dragging). */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The x domain drawn between `left` and `right`. Only for continuous x axes (line and scatter charts). */
  xDomain?: [number, number];
  /** The full x extent of the data (what "reset zoom" returns to). */
  xExtent?: [number, number];
}

export interface RenderResult {
  svg: string;
  marks: ChartMark[];
  /** How a pointer finds a mark: `x` = the point nearest along x (lines), `nearest` = nearest in the plane. */
  snap: 'x' | 'nearest';
  legend: LegendEntry[];
  plot: PlotArea | null;
  width: number;
  height: number;
}

/** What a renderer writes besides SVG markup. */
export interface DrawSink {
  marks: ChartMark[];
  snap: 'x' | 'nearest';
  legend: LegendEntry[];
  plot: PlotArea | null;
  view: ChartView;
  /** A native tooltip element, or '' when the host shows its own. */
  tip: (content: string) => string;
}
