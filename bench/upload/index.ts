/**
 * Upload over the Node host's bridge: a file sent in UPLOAD_CHUNK_BYTES chunks (base64 in JSON frames, each
 * acknowledged), against writing the same bytes to disk in one call (the baseline, same process, same run).
 * Also the host's peak RSS while receiving, which must stay flat whatever the file size.
 *
 *   flock /work/bench.lock npx tsx bench/upload/index.ts [megabytes=200]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WorkerClient } from '../../src-main/workers/client';
import { memorySpawner } from '../../src-main/workers/memory-spawner';
import { call, connect, startTestHost } from '../../src-main/hosts/node/host-fixture';

async function main() {
  const mb = Number(process.argv[2] ?? 200);
  const bytes = randomBytes(mb * 2 ** 20);
  const scratch = mkdtempSync(join(tmpdir(), 'automl-bench-upload-'));
  const t = await startTestHost(new WorkerClient(memorySpawner({})));
  try {
    const t0 = performance.now();
    writeFileSync(join(scratch, 'baseline.bin'), bytes);
    const baselineMs = performance.now() - t0;

    const ws = await connect(t.host);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const t1 = performance.now();
    const begun = await call<{ uploadId: string; chunkBytes: number }>(ws, 'upload:begin', {
      name: 'big.bin',
      size: bytes.length,
    });
    const { uploadId, chunkBytes } = begun.value!;
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      const base64 = bytes.subarray(offset, offset + chunkBytes).toString('base64');
      const sent = await call(ws, 'upload:chunk', { uploadId, offset, base64 });
      if (!sent.ok) throw new Error(JSON.stringify(sent.error));
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const done = await call<{ handle: string }>(ws, 'upload:finish', { uploadId });
    const uploadMs = performance.now() - t1;
    if (!done.ok) throw new Error(JSON.stringify(done.error));
    ws.close();
    console.log(`file: ${mb} MB in ${Math.ceil(bytes.length / chunkBytes)} chunks of ${chunkBytes / 2 ** 20} MB`);
    console.log(`baseline (one writeFile): ${baselineMs.toFixed(0)} ms, ${(mb / (baselineMs / 1000)).toFixed(0)} MB/s`);
    console.log(`upload over the bridge:   ${uploadMs.toFixed(0)} ms, ${(mb / (uploadMs / 1000)).toFixed(0)} MB/s`);
    console.log(`ratio upload/baseline:    ${(uploadMs / baselineMs).toFixed(1)}x`);
    console.log(
      `RSS growth while receiving (client and host in one process): ${((peak - rssBefore) / 2 ** 20).toFixed(0)} MB`,
    );
    console.log(`uploaded size on disk: ${statSync(join(t.dataDir, 'uploads')).isDirectory() ? 'ok' : 'missing'}`);
  } finally {
    await t.host.close();
    rmSync(t.root, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
