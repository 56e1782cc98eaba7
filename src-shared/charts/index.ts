/** Charts shared by the wizard and the exported report: one spec format, one SVG renderer. */
export type {
  AxisSpec,
  BarDatum,
  BarSpec,
  BeeswarmSpec,
  ChartKind,
  ChartSpec,
  HeatmapSpec,
  HistogramSpec,
  LineSeries,
  LineSpec,
  NumberFormat,
  RenderOptions,
  RenderResult,
  ChartMark,
  ChartView,
  LegendEntry,
  PlotArea,
  ScatterSpec,
  WaterfallSpec,
} from './spec';
export { renderChart, renderChartSvg, isEmptySpec } from './render';
export { chartTable, type ChartTable } from './table';
export { escapeXml, truncate } from './escape';
export { formatAlike, formatNumber, formatTicks, niceDomain } from './scale';
export { decimate, sampleIndices } from './decimate';
export {
  metricLabel,
  lowerIsBetter,
  isRateMetric,
  isPercentMetric,
  isDescriptiveMetric,
  formatMetric,
  chosenBySentence,
} from './labels';
export {
  readDiagnostics,
  isChartSpec,
  trapezoid,
  averagePrecision,
  type ForecastData,
  type PrCurve,
  type ResidualData,
  type ReviewDiagnostics,
  type RocCurve,
} from './diagnostics';
export {
  histogramSpec,
  classBalanceSpec,
  columnSpec,
  targetSpec,
  missingnessSpec,
  correlationPairs,
  correlationSpec,
} from './builders-profile';
export {
  confusionSpec,
  rocSpec,
  prSpec,
  residualSpec,
  predictedActualSpec,
  leaderboardSpec,
  importanceSpec,
  curveSpec,
  forecastSpec,
} from './builders-review';
export {
  waterfallSpec,
  waterfallSentence,
  summarySpec,
  summaryBarSpec,
  summarySentence,
  dependenceSpec,
  dependenceSentence,
  partialDependenceSpec,
  partialDependenceSentence,
} from './builders-explain';
export { volumeSpec, metricSpec, driftSpec, shadowSpec } from './builders-monitor';
