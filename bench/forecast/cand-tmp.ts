import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DUMP, type SeriesDump } from '/work/wt/forecast/bench/forecast/index';
import { mase } from '/work/wt/forecast/bench/forecast/score';
const set = process.argv[2];
for (const f of readdirSync(DUMP)) {
  const d = JSON.parse(readFileSync(join(DUMP, f), 'utf8')) as SeriesDump;
  if (set && d.set !== set) continue;
  const best = Math.min(...d.peers.map((p) => p.mase).filter(Number.isFinite));
  const bp = d.peers.find((p) => p.mase === best)!.method;
  const c = Object.entries(d.candidates).map(([k, v]) => [k, mase(d.test, v.holdout, d.scale) / best] as const).sort((a, b) => a[1] - b[1]);
  const bt = (k: string) => { const v = d.candidates[k]; if (!v.preds.length) return ''; let s=0; v.preds.forEach((p,fi)=>{let a=0,n=0; v.actuals[fi].forEach((x,j)=>{if(x!==null){a+=Math.abs(x-p[j]);n++;}}); s+=a/n/v.scales[fi];}); return (s/v.preds.length).toFixed(2); };
  console.log(`${d.name.padEnd(16)} h=${d.h} best=${bp}:${best.toFixed(3)} app=${(d.app.mase/best).toFixed(2)}(${d.app.method}) | ` + c.map(([k, v]) => `${k} ${v.toFixed(2)}[${bt(k)}]`).join(' '));
}
