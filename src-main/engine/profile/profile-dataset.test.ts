import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import type { EngineEvent } from '@shared/events';
import type { DataProfile } from '@shared/project';
import { ingestFile } from '../ingest/ingest-file';
import { profileDataset } from './profile-dataset';
import { profileCsvIn } from './test-helpers';
import { buildWarnings } from './warnings';

const SAMPLES = resolve(__dirname, '../../../resources/samples');
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'profile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const profileCsv = (name: string, csv: string | null, target: string | null, events: EngineEvent[] = []) =>
  profileCsvIn(dir, name, csv, target, events);

const col = (p: DataProfile, name: string) => {
  const c = p.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
};

describe('profileDataset', () => {
  it('profiles the housing sample: stats, histograms, correlations, target histogram, events', async () => {
    const events: EngineEvent[] = [];
    const p = await profileCsv('boston-housing.csv', null, 'price', events);
    expect(p.rows).toBe(506);
    expect(p.duplicateRows).toBe(0);
    const price = col(p, 'price');
    expect(price.kind).toBe('numeric');
    expect(price.min).toBe(5);
    expect(price.max).toBe(50);
    expect(price.mean).toBeCloseTo(22.5289, 3);
    expect(price.median).toBeCloseTo(21.2, 5);
    expect(price.histogram?.counts).toHaveLength(20);
    expect(price.histogram?.edges).toHaveLength(21);
    expect(price.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(506);
    expect(col(p, 'near_river').kind).toBe('boolean');
    expect(col(p, 'crime_rate').outliers).toBe(66);
    // Known values for this dataset (numpy/scipy give the same).
    const tax = p.correlations.find(
      (c) => c.method === 'pearson' && [c.a, c.b].includes('tax_rate') && [c.a, c.b].includes('highway_access'),
    );
    expect(tax?.value).toBeCloseTo(0.9102, 3);
    const lstat = p.correlations.find(
      (c) => c.method === 'spearman' && [c.a, c.b].includes('price') && [c.a, c.b].includes('lower_status_pct'),
    );
    expect(lstat?.value).toBeCloseTo(-0.8574, 3);
    expect(p.target?.kind).toBe('histogram');
    expect(p.warnings.some((w) => w.includes('leakage'))).toBe(false);
    expect(events.filter((e) => e.type !== 'JOB_PROGRESS').map((e) => e.type)).toEqual([
      'PROFILE_SUMMARY',
      'MISSINGNESS_TABLE_READY',
      'TARGET_DISTRIBUTION_READY',
    ]);
    // Progress comes first, never runs backwards and ends at 1 before the summary.
    const fractions = events.flatMap((e) => (e.type === 'JOB_PROGRESS' ? [e.payload.fraction ?? -1] : []));
    expect(fractions.length).toBeGreaterThan(4);
    expect(fractions.every((f, i) => f >= 0 && (i === 0 || f >= fractions[i - 1]))).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect(events.findIndex((e) => e.type === 'PROFILE_SUMMARY')).toBe(fractions.length);
  });

  it("profiles penguins: classes with imbalance, missingness, Cramér's V", async () => {
    const p = await profileCsv('penguins.csv', null, 'species');
    expect(p.rows).toBe(344);
    expect(p.target?.kind).toBe('classes');
    expect(p.target?.classes).toEqual([
      { value: 'Adelie', count: 152 },
      { value: 'Gentoo', count: 124 },
      { value: 'Chinstrap', count: 68 },
    ]);
    expect(p.target?.imbalanceRatio).toBeCloseTo(152 / 68, 6);
    expect(col(p, 'sex').missing).toBe(11);
    expect(col(p, 'bill_length_mm').missing).toBe(2);
    expect(col(p, 'sex').kind).toBe('categorical');
    expect(col(p, 'island').topValues?.[0]).toEqual({ value: 'Biscoe', count: 168 });
    const v = p.correlations.find(
      (c) => c.method === 'cramers_v' && [c.a, c.b].includes('species') && [c.a, c.b].includes('island'),
    );
    expect(v?.value).toBeGreaterThan(0.6);
    expect(v?.value).toBeLessThanOrEqual(1);
  });

  it('detects the daily period and date format of the births series', async () => {
    const p = await profileCsv('us-births-daily.csv', null, null);
    const date = col(p, 'date') as ReturnType<typeof col> & { period?: string; dateMin?: string };
    expect(date.kind).toBe('datetime');
    expect(date.dateFormat).toBe('%Y-%m-%d');
    expect(date.period).toBe('day');
    expect(date.dateMin).toMatch(/^1969-01-01/);
  });

  it('classifies id, constant, boolean text, free text, datetime with format, categorical; counts duplicates', async () => {
    const words = ['great', 'awful', 'fine', 'superb', 'bland', 'rich', 'cold', 'warm', 'slow', 'quick'];
    const lines = ['row_id,country,flag,answer,comment,when,score'];
    for (let i = 1; i <= 200; i++) {
      const comment = `the ${words[i % 10]} service was ${words[(i * 7) % 10]} and ${words[(i * 3) % 10]} today ${i}`;
      lines.push(
        `${i},${['FR', 'DE', 'IT'][i % 3]},x,${i % 2 ? 'yes' : 'no'},"${comment}",${String((i % 28) + 1).padStart(2, '0')}.03.2021,${i % 17}`,
      );
    }
    lines.push(lines[200].replace(/^200,/, '200,'));
    const p = await profileCsv('kinds.csv', lines.join('\n') + '\n', null);
    expect(col(p, 'row_id').kind).toBe('id'); // one repeated value does not stop it identifying rows
    expect(col(p, 'country').kind).toBe('categorical');
    expect(col(p, 'flag').kind).toBe('constant');
    expect(col(p, 'answer').kind).toBe('boolean');
    expect(col(p, 'comment').kind).toBe('text');
    expect(col(p, 'when').kind).toBe('datetime');
    expect(col(p, 'when').dateFormat).toBe('%d.%m.%Y');
    expect(p.duplicateRows).toBe(1);
    expect(p.warnings.some((w) => w.includes('Constant columns') && w.includes('flag'))).toBe(true);
    expect(p.warnings.some((w) => w.includes('1 duplicate row'))).toBe(true);
  });

  it('profiles data larger than the sample: exact counts from the full scan, sampled quartiles close to the truth', async () => {
    const lines = ['k,u,shift,grp'];
    for (let i = 0; i < 120_000; i++) {
      const u = i % 100 === 7 ? '' : String((i * 7919) % 10_000);
      lines.push(`${i},${u},${i % 3},${['a', 'b', 'c'][i % 3]}`);
    }
    for (let i = 0; i < 5; i++) lines.push('1,7919,1,b');
    const p = await profileCsv('big.csv', lines.join('\n') + '\n', null);
    expect(p.rows).toBe(120_005);
    expect(p.duplicateRows).toBe(5);
    const u = col(p, 'u');
    expect(u.missing).toBe(1200);
    expect(u.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(120_005 - 1200);
    // Integer with a known range: counted exactly with a bitmap, not estimated. The blanked rows
    // (i % 100 = 7) are the only ones giving their 100 values, so 9,900 of the 10,000 remain.
    expect(u.distinct).toBe(9_900);
    expect(u.median).toBeGreaterThan(4_800);
    expect(u.median).toBeLessThan(5_200);
    // The sample keeps ~1 row in 3: every third row would see shift = 0 only; hashed row numbers see all three.
    expect(col(p, 'shift').median).toBe(1);
    expect(col(p, 'shift').q3).toBe(2);
    expect(
      col(p, 'grp')
        .topValues?.map((v) => v.count)
        .reduce((a, b) => a + b, 0),
    ).toBe(120_005);
  });

  it('counts duplicates exactly whether or not a unique-looking id column settles them', async () => {
    const lines = ['id,v,g'];
    for (let i = 0; i < 60_000; i++) lines.push(`${i * 3},${(i * 37) % 101},${['a', 'b'][i % 2]}`);
    const unique = await profileCsv('unique.csv', lines.join('\n') + '\n', null);
    expect(unique.duplicateRows).toBe(0);
    expect(col(unique, 'id').distinct).toBe(60_000);
    // One repeated row: the sample (about one row in two) most likely holds only one copy and
    // calls id unique; the full scan then disproves that and the rows are counted after all.
    const repeated = await profileCsv('repeated.csv', [...lines, lines[12_345]].join('\n') + '\n', null);
    expect(repeated.duplicateRows).toBe(1);
    expect(col(repeated, 'id').distinct).toBe(60_000);
  });

  it('orders target classes by count, then value, whether counted in the full scan or grouped', async () => {
    const lines = ['x,y,code'];
    ['b', 'a', 'b', 'C', 'a', 'b', 'a', 'c'].forEach((y, i) => lines.push(`${i},${y},${i % 3}`));
    const p = await profileCsv('ties.csv', lines.join('\n') + '\n', 'y');
    expect(p.target?.classes).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 3 },
      { value: 'C', count: 1 },
      { value: 'c', count: 1 },
    ]);
    const q = await profileCsv('ties-num.csv', lines.join('\n') + '\n', 'code');
    expect(q.target?.classes).toEqual([
      { value: '0', count: 3 },
      { value: '1', count: 3 },
      { value: '2', count: 2 },
    ]);
  });

  it('recognises a sequential id column', async () => {
    const lines = ['id,value'];
    for (let i = 1; i <= 100; i++) lines.push(`${i},${(i * 37) % 11}`);
    const p = await profileCsv('ids.csv', lines.join('\n') + '\n', null);
    expect(col(p, 'id').kind).toBe('id');
    expect(p.warnings.some((w) => w.includes('ID-like') && w.includes('id'))).toBe(true);
  });

  it('takes a whole-number column named Id as ids though some rows repeat one (a patient seen twice)', async () => {
    // Like mlbench's BreastCancer: `Id` holds 645 sample codes over 699 rows; it must not become a feature.
    const lines = ['Id,thickness'];
    for (let i = 0; i < 100; i++) lines.push(`${1000025 + 7919 * (i < 94 ? i : i - 50)},${(i * 37) % 11}`);
    const p = await profileCsv('repeated-ids.csv', lines.join('\n') + '\n', null);
    expect(col(p, 'Id').distinct).toBe(94);
    expect(col(p, 'Id').kind).toBe('id');
    expect(col(p, 'thickness').kind).toBe('numeric');
  });

  it('reads whole-number years in order as a yearly time index, not as ids', async () => {
    // Nile flow 1871-1894 (R datasets::Nile). 24 rows: enough for a 1..n sequence to count as ids.
    const flow = [
      1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799, 958, 1140,
      1100, 1210, 1150, 1250,
    ];
    const csv = (years: number[]) => ['year,flow', ...years.map((y, i) => `${y},${flow[i]}`)].join('\n') + '\n';
    const inOrder = flow.map((_, i) => 1871 + i);
    const p = await profileCsv('nile.csv', csv(inOrder), null);
    expect(col(p, 'year').kind).toBe('numeric');
    expect(col(p, 'year').period).toBe('year');
    expect(col(p, 'year').dateMin).toBe('1871-01-01 00:00:00');
    // Every tenth year (a census) is regular too; shuffled or gapped years, or numbers past 2999, are not.
    const census = await profileCsv('census.csv', csv(flow.map((_, i) => 1800 + 10 * i)), null);
    expect(col(census, 'year').period).toBe('year');
    const shuffled = [...inOrder].reverse();
    [shuffled[3], shuffled[9]] = [shuffled[9], shuffled[3]];
    expect(col(await profileCsv('shuffled.csv', csv(shuffled), null), 'year').period).toBeUndefined();
    const gapped = inOrder.map((y, i) => (i > 10 ? y + 1 : y));
    expect(col(await profileCsv('gapped.csv', csv(gapped), null), 'year').period).toBeUndefined();
    const ids = await profileCsv('big-ids.csv', csv(flow.map((_, i) => 5001 + i)), null);
    expect(col(ids, 'year').kind).toBe('id');
    expect(col(ids, 'year').period).toBeUndefined();
  });

  it('profiles $220,000, 1,120 and 22% as numbers; says which columns mix formats (read as text) and what to do', async () => {
    const lines = ['city,sqft,price,down,plan,fee,pay'];
    for (let i = 0; i < 60; i++) {
      const price = 50_000 + ((i * 7) % 20) * 5000;
      const sqft = 800 + (i % 25) * 13;
      lines.push(
        `C${i % 4},"${sqft.toLocaleString('en-US')}","$${price.toLocaleString('en-US')}",${5 + (i % 6)}%,p${i % 3},${i % 2 ? '$' : '€'}${10 + (i % 7)},${i % 2 ? 'USD' : 'EUR'} ${10 + (i % 7)}`,
      );
    }
    const p = await profileCsv('formatted.csv', lines.join('\n') + '\n', null);
    expect([col(p, 'price').kind, col(p, 'sqft').kind, col(p, 'down').kind]).toEqual(['numeric', 'numeric', 'numeric']);
    expect(col(p, 'fee').kind).not.toBe('numeric');
    const warning = p.warnings.find((w) => w.startsWith('Numbers written with'));
    expect(warning).toMatch(/: fee \([$€]\d+\), pay \((USD|EUR) \d+\)\. To use them as numbers/);
    expect(warning).not.toMatch(/city|plan|price|sqft|down/);
  });

  it('says how many rows have no target value and are left out (carData SLID: 3,278 of 7,425 without wages)', async () => {
    const lines = ['wages,education,language'];
    for (let i = 0; i < 200; i++)
      lines.push(`${i % 5 === 0 ? '' : 10 + (i % 17)},${8 + (i % 10)},${i % 3 ? 'English' : 'French'}`);
    const p = await profileCsv('slid.csv', lines.join('\n') + '\n', 'wages');
    expect(p.warnings).toContain(
      "The target 'wages' is empty in 40 rows (20.0%): they can neither teach nor test a model and are left out of training. Fill them in to use them.",
    );
    const full = await profileCsv('slid-full.csv', lines.filter((l) => !l.startsWith(',')).join('\n') + '\n', 'wages');
    expect(full.warnings.some((w) => w.includes('is empty in'))).toBe(false);
  });

  it('says "1 row" of a class seen once', () => {
    const once = buildWarnings(
      121,
      [],
      0,
      {
        column: 'label',
        kind: 'classes',
        classes: [
          { value: 'common', count: 60 },
          { value: 'other', count: 60 },
          { value: 'singleton', count: 1 },
        ],
        imbalanceRatio: 60,
      },
      [],
    );
    expect(once).toContain("Class 'singleton' has only 1 row: it may be missing from validation folds.");
    expect(once.some((w) => w.startsWith("Imbalanced target: 'singleton' has 1 row, 60×"))).toBe(true);
  });

  it('stops mid-way when cancelled at a reported step', async () => {
    const info = await ingestFile(join(SAMPLES, 'boston-housing.csv'), join(dir, 'p-cancel'));
    const stop = new AbortController();
    const seen: number[] = [];
    const err = await profileDataset(
      info.path,
      { target: 'price' },
      {
        signal: stop.signal,
        emit: (e) => {
          if (e.type !== 'JOB_PROGRESS') return;
          seen.push(e.payload.fraction ?? -1);
          if ((e.payload.fraction ?? 0) >= 0.25) stop.abort();
        },
      },
    ).catch((e: unknown) => e);
    expect((err as CodedError).code).toBe('cancelled');
    expect(Math.max(...seen)).toBeLessThan(1);
  });

  it('profiles a CSV path directly, refuses an unknown target, and honours cancellation', async () => {
    const csv = join(SAMPLES, 'boston-housing.csv');
    const direct = await profileDataset(csv, {}, { signal: new AbortController().signal, emit: () => {} });
    expect(direct.rows).toBe(506);
    await expect(
      profileDataset(csv, { target: 'nope' }, { signal: new AbortController().signal, emit: () => {} }),
    ).rejects.toMatchObject({ code: 'target-missing' });
    const ac = new AbortController();
    ac.abort();
    const err = await profileDataset(csv, {}, { signal: ac.signal, emit: () => {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('cancelled');
  });
  it('flags infinite and NaN values and leaves them out of the statistics; huge values do not overflow', async () => {
    const lines = ['x,big,y'];
    for (let i = 0; i < 60; i++) {
      const x = i === 3 ? 'inf' : i === 7 ? '-Infinity' : i === 9 ? 'NAN' : String(i);
      lines.push(`${x},${i % 2 ? '1e308' : '-1.5e307'},${i * 2}`);
    }
    const p = await profileCsv('infinite.csv', lines.join('\n') + '\n', 'y');
    const x = col(p, 'x');
    expect(x.nonFinite).toBe(3);
    expect(x.min).toBe(0);
    expect(x.max).toBe(59);
    const finite = Array.from({ length: 60 }, (_, i) => i).filter((i) => ![3, 7, 9].includes(i));
    expect(x.mean).toBeCloseTo(finite.reduce((a, b) => a + b, 0) / finite.length, 9);
    expect(x.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(57);
    expect(p.warnings.some((w) => w.includes('Infinite or not-a-number values: x (3)'))).toBe(true);
    const big = col(p, 'big');
    expect(big.nonFinite).toBeUndefined();
    expect(big.mean).toBeCloseTo(0.5 * 1e308 - 0.5 * 1.5e307, -300);
    expect(big.std).toBeGreaterThan(5e307);
    expect(Number.isFinite(big.std)).toBe(true);
    expect(p.correlations.some((c) => c.method === 'pearson' && [c.a, c.b].includes('x'))).toBe(true);
  });
  it('profiles a wide table (unpivoted aggregates) with the same column statistics as a narrow one', async () => {
    const width = 300;
    const cell = (j: number, r: number): string => {
      const kind = j % 6;
      if (kind === 0) return String((r * 7 + j) % 50);
      if (kind === 1) return r % 11 === 0 ? '' : String(((r * 13 + j) % 97) / 7);
      if (kind === 2) return ['red', 'green', 'blue', 'teal'][(r + j) % 4];
      if (kind === 3) return r % 2 ? 'yes' : 'no';
      if (kind === 4) return `2021-0${1 + (r % 9)}-1${r % 10}`;
      return r === 5 ? 'inf' : String(r * 1000 + j);
    };
    const csv = (cols: number): string => {
      const lines = [Array.from({ length: cols }, (_, j) => `c${j}`).join(',')];
      for (let r = 0; r < 200; r++) lines.push(Array.from({ length: cols }, (_, j) => cell(j, r)).join(','));
      lines.push(lines[1]);
      return lines.join('\n') + '\n';
    };
    const wide = await profileCsv('wide.csv', csv(width), null);
    const narrow = await profileCsv('narrow.csv', csv(120), null);
    expect(wide.columns).toHaveLength(width);
    for (const n of narrow.columns) expect(col(wide, n.name)).toEqual(n);
    expect(col(wide, 'c5').nonFinite).toBe(1);
    expect(col(wide, 'c1').histogram?.counts.reduce((a, b) => a + b, 0)).toBe(201 - 20);
    expect(wide.duplicateRows).toBe(1);
    expect(narrow.duplicateRows).toBe(1);
  });
});
