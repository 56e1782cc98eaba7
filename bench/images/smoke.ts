import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestImageFolder } from '../../src-main/engine/image/ingest-images';
import { trainImageClassifier } from '../../src-main/engine/image/train-images';
import { predictImages } from '../../src-main/engine/image/predict-images';

/** Quick manual run on the bundled sample: npx tsx bench/images/smoke.ts [--augment] */
(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'img-smoke-'));
  let t = performance.now();
  const info = await ingestImageFolder(join(__dirname, '../../resources/samples/images/fashion'), join(dir, 'data'));
  console.log('ingest', ((performance.now() - t) / 1000).toFixed(2), 's', info.imageClasses, info.rejectedRows);
  t = performance.now();
  const events: string[] = [];
  const res = await trainImageClassifier(
    { datasetDir: info.path, artifactDir: join(dir, 'model'), augment: process.argv.includes('--augment') },
    { signal: new AbortController().signal, emit: (e) => events.push(e.type) },
  );
  console.log('train', ((performance.now() - t) / 1000).toFixed(2), 's');
  console.log(JSON.stringify(res.summary.leaderboard.map((r) => [r.modelId, r.metrics, r.params, r.fitSeconds])));
  console.log(JSON.stringify(res.summary.diagnostics?.embedding), JSON.stringify(res.modelJson.exportCheck));
  const counts: Record<string, number> = {};
  for (const e of events) counts[e] = (counts[e] ?? 0) + 1;
  console.log(counts);
  const p = await predictImages(
    res.onnxPath,
    res.modelJson,
    join(__dirname, '../../resources/samples/images/fashion/sneaker'),
  );
  console.log('sneaker folder predicted as', p.map((r) => r.prediction).join(' '));
})();
