import { describe, expect, it } from 'vitest';
import { parse } from 'parse5';
import { fixturePipelines } from '../../../engine/onnx/fixtures/pipelines';
import { makeTable } from '../../../engine/onnx/fixtures/synthetic-data';
import { buildBackground } from '../../../engine/explain/background';
import { explainModel } from '../../../engine/explain/insights';
import { buildReport } from '../build-report';
import { classificationInput } from '../report-fixture';

const train = makeTable(200, 31);
const held = makeTable(120, 32);

describe('report: why it predicts', () => {
  const p = fixturePipelines(train, 'binary').gradient_boosting;
  const m = explainModel(p, buildBackground(p, train.cols, train.n), held.cols, held.n, { modelId: 'gbm-1' });
  const input = classificationInput();
  const html = buildReport({ ...input, training: { ...input.training, bestModelId: 'gbm-1', explanations: m } });

  it('follows importance with the summary, a row waterfall, dependence and partial dependence, each explained', () => {
    const errors: string[] = [];
    parse(html, { onParseError: (e) => errors.push(e.code) });
    expect(errors).toEqual([]);
    const ids = [...html.matchAll(/<section id="([^"]+)"/g)].map((x) => x[1]);
    expect(ids.indexOf('explanations')).toBe(ids.indexOf('importance') + 1);
    const body = html.slice(
      html.indexOf('<section id="explanations"'),
      html.indexOf('</section>', html.indexOf('<section id="explanations"')),
    );
    const kinds = [...body.matchAll(/data-kind="([a-z]+)"/g)].map((x) => x[1]);
    expect(kinds.filter((k) => k === 'beeswarm').length).toBe(1);
    expect(kinds.filter((k) => k === 'waterfall').length).toBe(1);
    expect(kinds.length).toBe(3 + m.dependence.length + m.partialDependence.length);
    expect(body).toContain(`${m.rows} held-out rows`);
    expect(body).toContain('exact (TreeSHAP)');
    // One sentence under every chart.
    expect(body.split('<figcaption>').length - 1).toBe(kinds.length);
    expect(body).not.toContain('not the one exported');
  });
});
