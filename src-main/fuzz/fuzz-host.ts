/**
 * The fuzz suite's child process (run with tsx): builds the bases once, then runs the cases it is sent, one
 * at a time, in process, and answers each with its Outcome and the process's RSS. A crash or a hang here is
 * a finding; the parent (runner.ts) records it and starts a new host.
 */
import { join } from 'node:path';
import { buildBases } from './bases';
import { makeCase } from './cases';
import { SCALES, type ScaleName } from './mutate';
import { runCase } from './run-case';
import { hostDir } from './runner';

export type HostRequest = { seed: number; index: number; scale: ScaleName };

async function main(): Promise<void> {
  const bases = await buildBases();
  const dir = hostDir(process.pid);
  process.on('message', (req: HostRequest) => {
    void (async () => {
      const cpu0 = process.cpuUsage();
      const c = await makeCase(req.seed, req.index, SCALES[req.scale], bases);
      process.send?.({ kind: 'started', id: c.id, recipe: c.recipe });
      const outcome = await runCase(c, join(dir, 'case'));
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
      const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
      process.send?.({ kind: 'done', outcome: { ...outcome, cpuMs, rssMb } });
    })();
  });
  process.send?.({ kind: 'ready' });
}

void main();
