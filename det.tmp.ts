import { SERIES } from './bench/forecast/datasets';
import { splitSeries } from './bench/forecast/index';
import { loadSeries } from './src-main/engine/forecast/series';
import { detectSeasonality } from './src-main/engine/forecast/seasonality';
import { writeFileSync } from 'node:fs';
(async () => {
for (const name of process.argv.slice(2)) {
  const s = SERIES.find((x) => x.name === name)!;
  const { train } = splitSeries(s);
  const f = `/tmp/det-${name}.csv`;
  writeFileSync(f, `date,value\n${train.map(([d, v]) => `${d},${v ?? ''}`).join('\n')}\n`);
  const series = await loadSeries(f, 'date', 'value');
  console.log(name, series.y.length, JSON.stringify(detectSeasonality(series.y, series.freq)));
}})();
