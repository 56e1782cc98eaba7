import type { BarSpec, LineSpec, ScatterSpec } from '@shared/charts';
import type { SegmentDetails } from './run-segmentation';
import type { TaskChart } from '../artifacts/task-result';

/** PCA projection, segment sizes with their descriptions, and silhouette by k. */
export function segmentCharts(d: SegmentDetails): TaskChart[] {
  // Groups take colours and legend places in the order they first appear: by segment number, not row order.
  const points = [...d.pca.points].sort((a, b) => a.segment - b.segment);
  const scatter: ScatterSpec = {
    kind: 'scatter',
    title: 'Segments in two dimensions (PCA)',
    subtitle: `Components explain ${(100 * (d.pca.explained[0] + d.pca.explained[1])).toFixed(0)}% of the variance`,
    points: {
      x: points.map((p) => p.x),
      y: points.map((p) => p.y),
      group: points.map((p) => `Segment ${p.segment}`),
    },
    x: { label: 'Component 1' },
    y: { label: 'Component 2' },
  };
  const sizes: BarSpec = {
    kind: 'bar',
    title: 'Segment sizes',
    orientation: 'horizontal',
    showValues: true,
    bars: d.segments.map((s) => ({ label: `Segment ${s.segment}`, value: s.size, note: s.description })),
    x: { label: 'Rows', format: 'integer' },
  };
  const charts: TaskChart[] = [
    { title: 'Segments (PCA)', spec: scatter },
    { title: 'Segment sizes', spec: sizes },
  ];
  if (d.silhouetteByK.length > 1) {
    const line: LineSpec = {
      kind: 'line',
      title: 'Silhouette by number of segments',
      series: [{ name: 'Silhouette', x: d.silhouetteByK.map((s) => s.k), y: d.silhouetteByK.map((s) => s.silhouette) }],
      x: { label: 'k', format: 'integer' },
      y: { label: 'Silhouette', format: 'decimal2' },
    };
    charts.push({ title: 'Silhouette by k', spec: line });
  }
  return charts;
}
