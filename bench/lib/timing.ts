/**
 * Timing helpers shared by the benches: wall and CPU time of one run, medians, ratios.
 * CPU time counts every thread of this process (DuckDB's and onnxruntime's threads run in-process), so on a
 * shared machine it is the fairer figure: it does not grow when other jobs take the cores.
 */

export interface Timing {
  wall: number;
  cpu: number;
}

/** Wall-clock and CPU milliseconds of one run. */
export async function timed(run: () => Promise<unknown>): Promise<Timing> {
  const t = performance.now();
  const c = process.cpuUsage();
  await run();
  const used = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall and CPU of several runs. */
export function medianTiming(runs: Timing[]): Timing {
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
}

/** `app / base` for wall and CPU, two decimals. */
export function ratios(app: Timing, base: Timing): { wall: number; cpu: number } {
  return { wall: Number((app.wall / base.wall).toFixed(2)), cpu: Number((app.cpu / base.cpu).toFixed(2)) };
}

/** Command-line flag `--name value` as a number, or the default. */
export function numberArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** Row counts given on the command line (bare numbers), or the defaults. */
export function sizesArg(dflt: number[]): number[] {
  const sizes: number[] = [];
  for (let i = 2; i < process.argv.length; i++) {
    const a = process.argv[i];
    if (a.startsWith('--')) i++;
    else if (/^\d+$/.test(a)) sizes.push(Number(a));
  }
  return sizes.length ? sizes : dflt;
}
