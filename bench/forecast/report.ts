import { BENCH_SETS, type BenchSet } from './datasets';

/** One series' outcome: the app's holdout MASE and every peer's, for the tables. */
export interface ScoredSeries {
  name: string;
  set: BenchSet;
  n: number;
  h: number;
  periods: number[];
  app: { mase: number; method: string };
  peers: Array<{ method: string; mase: number }>;
}

const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

function bestPeer(r: ScoredSeries): number {
  return Math.min(...r.peers.map((p) => p.mase).filter(Number.isFinite));
}

function geomean(v: number[]): number {
  const ok = v.filter((x) => Number.isFinite(x) && x > 0);
  return Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / Math.max(1, ok.length));
}

/** The summary metrics of one set: wins against the best peer and geometric means of ratios. */
export function summary(rows: ScoredSeries[]): string {
  const ratio = (r: ScoredSeries, method?: string): number => {
    const ref = method ? (r.peers.find((p) => p.method === method)?.mase ?? NaN) : bestPeer(r);
    return r.app.mase / ref;
  };
  const wins = rows.filter((r) => ratio(r) <= 1 + 1e-9).length;
  const close = rows.filter((r) => ratio(r) <= 1.15 + 1e-9).length;
  const worst = rows.reduce((w, r) => (ratio(r) > w.v ? { v: ratio(r), name: r.name } : w), { v: 0, name: '' });
  return (
    `${rows.length} series: at or below the best peer on ${wins}, within 1.15x on ${close}; ` +
    `geometric mean app/best ${f(geomean(rows.map((r) => ratio(r))))}, ` +
    `app/auto.arima ${f(geomean(rows.map((r) => ratio(r, 'auto.arima'))))}, ` +
    `app/ets ${f(geomean(rows.map((r) => ratio(r, 'ets'))))}, ` +
    `app/thetaf ${f(geomean(rows.map((r) => ratio(r, 'thetaf'))))}; ` +
    `worst ${f(worst.v)} (${worst.name})`
  );
}

/** Markdown table per set (MASE per method) followed by the set's summary line. */
export function printTables(rows: ScoredSeries[]): void {
  const methods = [...new Set(rows.flatMap((r) => r.peers.map((p) => p.method)))];
  for (const set of BENCH_SETS) {
    const part = rows.filter((r) => r.set === set);
    if (part.length === 0) continue;
    console.log(`\n### ${set} set\n`);
    console.log(`| series | train n | h | periods | app (chosen) | ${methods.join(' | ')} | best peer | app / best |`);
    console.log(`| --- | --- | --- | --- | --- | ${methods.map(() => '---').join(' | ')} | --- | --- |`);
    for (const r of part) {
      const by = new Map(r.peers.map((p) => [p.method, p.mase]));
      const best = bestPeer(r);
      const win = r.app.mase / best <= 1 + 1e-9;
      const cells = methods.map((m) => f(by.get(m) ?? NaN));
      console.log(
        `| ${r.name} | ${r.n} | ${r.h} | ${r.periods.join(', ')} | ${win ? '**' : ''}${f(r.app.mase)}${win ? '**' : ''} (${r.app.method}) | ${cells.join(' | ')} | ${f(best)} | ${(r.app.mase / best).toFixed(3)} |`,
      );
    }
    console.log(`\n${set}: ${summary(part)}`);
  }
}
