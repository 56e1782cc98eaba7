import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Debian's python3-statsmodels ships its example datasets as CSV files here. */
export const STATSMODELS_DATA = '/usr/lib/python3/dist-packages/statsmodels/datasets';
/** Where bench/forecast keeps its files (git-ignored). */
export const BENCH_DATA = resolve(__dirname, '../.data/forecast');
const R_SERIES = join(BENCH_DATA, 'series');
const REPO = resolve(__dirname, '../..');

export interface BenchSeries {
  name: string;
  description: string;
  /**
   * Seasonal periods (steps). The first, rounded, is the primary one: the MASE scale and the ts frequency
   * the R and statsmodels peers get; tbats gets all of them; snaive the longest.
   */
  periods: number[];
  /** One row per period of a regular grid, oldest first; null = missing value. */
  load(): Array<[string, number | null]>;
}

function csv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

const num = (s: string | undefined): number | null =>
  s === undefined || s === '' || s === 'NA' || s === 'NaN' ? null : Number(s);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Series from R's `datasets` and `forecast` packages, exported once by export-r-series.R (needs Rscript). */
function rSeries(name: string): Array<[string, number | null]> {
  const file = join(R_SERIES, `${name}.csv`);
  if (!existsSync(file)) {
    mkdirSync(R_SERIES, { recursive: true });
    const r = spawnSync('Rscript', [join(__dirname, 'export-r-series.R'), R_SERIES], { encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(file)) throw new Error(`Rscript export-r-series.R failed: ${r.stderr}`);
  }
  return csv(file)
    .slice(1)
    .map(([d, v]) => [d, num(v)]);
}

const r = (name: string, periods: number[], description: string): BenchSeries => ({
  name,
  periods,
  description,
  load: () => rSeries(name),
});

export const SERIES: BenchSeries[] = [
  r('AirPassengers', [12], 'Monthly airline passengers 1949-1960, multiplicative season (R datasets)'),
  r('UKgas', [4], 'UK quarterly gas consumption 1960-1986, season grows with level (R datasets)'),
  r('USAccDeaths', [12], 'US accidental deaths, monthly 1973-1978 (R datasets)'),
  r('nottem', [12], 'Nottingham monthly air temperature 1920-1939 (R datasets)'),
  r('co2', [12], 'Mauna Loa CO2, monthly 1959-1997, trend + season (R datasets)'),
  r('presidents', [4], 'US presidential approval, quarterly 1945-1974, 6 missing (R datasets)'),
  r('wineind', [12], 'Australian wine sales, monthly 1980-1994 (R forecast)'),
  r('woolyrnq', [4], 'Australian woollen yarn production, quarterly 1965-1994 (R forecast)'),
  r('gas', [12], 'Australian gas production, monthly 1956-1995, multiplicative growth (R forecast)'),
  r('taylor', [48, 336], 'Half-hourly electricity demand, England and Wales, June-August 2000 (R forecast)'),
  r('gold', [1], 'Daily gold price 1985-1989, 34 missing days (R forecast)'),
  r('lynx', [1], 'Canadian lynx trappings, yearly 1821-1934, 10-year cycle (R datasets)'),
  {
    name: 'births',
    description: "US births per day 1969-1988, weekly + yearly season (the app's bundled sample)",
    periods: [7, 365.25],
    load: () =>
      csv(join(REPO, 'resources/samples/us-births-daily.csv'))
        .slice(1)
        .map(([d, , b]) => [d, num(b)]),
  },
  {
    name: 'co2_weekly',
    description: 'Mauna Loa CO2, weekly 1958-2001, with gaps (statsmodels)',
    periods: [52.18],
    load: () =>
      csv(`${STATSMODELS_DATA}/co2/co2.csv`)
        .slice(1)
        .map(([d, v]) => [`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, num(v)]),
  },
  {
    name: 'elec_equip',
    description: 'Euro-area electrical equipment orders, monthly 1995-2016 (statsmodels)',
    periods: [12],
    load: () =>
      csv(`${STATSMODELS_DATA}/elec_equip/elec_equip.csv`)
        .slice(1)
        .map(([d, v]) => {
          const [mon, , year] = d.split('-');
          return [`${year}-${String(MONTHS.indexOf(mon) + 1).padStart(2, '0')}-01`, num(v)];
        }),
  },
  {
    name: 'sunspots',
    description: 'Yearly sunspot activity 1700-2008 (statsmodels)',
    periods: [1],
    load: () =>
      csv(`${STATSMODELS_DATA}/sunspots/sunspots.csv`)
        .slice(1)
        .map(([y, v]) => [`${y}-01-01`, num(v)]),
  },
  {
    name: 'nile',
    description: 'Nile river yearly flow 1871-1970 (statsmodels)',
    periods: [1],
    load: () =>
      csv(`${STATSMODELS_DATA}/nile/nile.csv`)
        .slice(1)
        .map(([y, v]) => [`${y}-01-01`, num(v)]),
  },
];

/** A fast subset for iterating (`--quick`): short series of every kind. */
export const QUICK = ['AirPassengers', 'UKgas', 'USAccDeaths', 'presidents', 'gold', 'lynx', 'wineind'];
