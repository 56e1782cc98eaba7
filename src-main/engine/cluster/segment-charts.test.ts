import { describe, expect, it } from 'vitest';
import type { ScatterSpec } from '@shared/charts';
import type { SegmentDetails } from './run-segmentation';
import { segmentCharts } from './segment-charts';

describe('segment charts', () => {
  it('lists the segments in the PCA legend by number, whatever order the rows come in', () => {
    const details: SegmentDetails = {
      mode: 'features',
      k: 3,
      kChosenBy: 'given',
      silhouette: 0.4,
      silhouetteByK: [],
      rows: 4,
      features: ['a'],
      dropped: [],
      segments: [],
      pca: {
        explained: [0.5, 0.2],
        points: [
          { x: 0, y: 0, segment: 0 },
          { x: 1, y: 1, segment: 2 },
          { x: 2, y: 2, segment: 1 },
          { x: 3, y: 3, segment: 0 },
        ],
      },
    };
    const scatter = segmentCharts(details)[0].spec as ScatterSpec;
    expect([...new Set(scatter.points.group)]).toEqual(['Segment 0', 'Segment 1', 'Segment 2']);
    // Each point keeps its own coordinates.
    expect(scatter.points.group!.map((g, i) => `${g}:${scatter.points.x[i]}`)).toEqual([
      'Segment 0:0',
      'Segment 0:3',
      'Segment 1:2',
      'Segment 2:1',
    ]);
  });
});
