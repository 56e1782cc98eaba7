/**
 * Values are kept as written: codes that look like numbers stay text ('-007', '00501', '2020_01'), and a text
 * column's 'None' is a level, not a gap, while number, date and true/false columns still read it as missing.
 * Both ingest paths are covered: types decided from all rows (short files) and the guessed-then-checked COPY
 * of long files, including a value past the first 2,048 rows that breaks the guess.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lit, openDb } from '../util/duckdb';
import { formattedNumberColumns } from './formatted-numbers';
import { ingestFile } from './ingest-file';

let dir = '';
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'as-written-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Ingests `csv` and returns the column types and every value as stored (text columns as text; BIGINT arrives from
 * DuckDB's JSON rows as text), with the dataset and the source file's path.
 */
async function ingestCsv(csv: string) {
  const sub = join(dir, `case-${n++}`);
  const src = join(dir, `${n}.csv`);
  writeFileSync(src, csv);
  const info = await ingestFile(src, sub, { originalName: 'data.csv' });
  const db = await openDb();
  try {
    const rows = await db.all(`SELECT * FROM read_parquet(${lit(info.path)})`);
    return { types: Object.fromEntries(info.columns.map((c) => [c.name, c.dbType])), rows, info, src };
  } finally {
    db.close();
  }
}

const column = (rows: Record<string, unknown>[], name: string): unknown[] => rows.map((r) => r[name]);
/** A numeric column's values as numbers (BIGINT arrives as text). */
const numbers = (rows: Record<string, unknown>[], name: string): unknown[] =>
  rows.map((r) => (typeof r[name] === 'string' ? Number(r[name]) : r[name]));

describe('ingest keeps values as written', () => {
  it('keeps codes that read as numbers as text, exactly', async () => {
    const { types, rows } = await ingestCsv(
      [
        'signed,zip,period,sign,plain,neg',
        '-007,00501,2020_01,+-5,12,-7',
        '12,10001,2020_02,3,-0.5,-0.25',
        ' 08,02134,2021_11,4,0.5,3',
      ].join('\n'),
    );
    expect(types).toEqual({
      signed: 'VARCHAR',
      zip: 'VARCHAR',
      period: 'VARCHAR',
      sign: 'VARCHAR',
      plain: 'DOUBLE',
      neg: 'DOUBLE',
    });
    expect(column(rows, 'signed')).toEqual(['-007', '12', ' 08']);
    expect(column(rows, 'zip')).toEqual(['00501', '10001', '02134']);
    expect(column(rows, 'period')).toEqual(['2020_01', '2020_02', '2021_11']);
    expect(column(rows, 'sign')).toEqual(['+-5', '3', '4']);
    expect(column(rows, 'neg')).toEqual([-7, -0.25, 3]);
  });

  it("keeps 'None' as a level of a text column, and reads it as missing in typed columns", async () => {
    const { types, rows } = await ingestCsv(
      [
        'pool,n,when,ok,only_none,label',
        'None,1,2020-01-01,true,None,NA',
        'Gd,None,None,None,None,x',
        'None,3,2020-01-03,false,,None',
      ].join('\n'),
    );
    expect(types).toEqual({
      pool: 'VARCHAR',
      n: 'BIGINT',
      when: 'DATE',
      ok: 'BOOLEAN',
      only_none: 'VARCHAR',
      label: 'VARCHAR',
    });
    expect(column(rows, 'pool')).toEqual(['None', 'Gd', 'None']);
    // BIGINT arrives from DuckDB's JSON rows as text.
    expect(column(rows, 'n')).toEqual(['1', null, '3']);
    expect(column(rows, 'ok')).toEqual([true, null, false]);
    expect(column(rows, 'when')[1]).toBeNull();
    expect(column(rows, 'only_none')).toEqual(['None', 'None', null]);
    // 'NA' (what R writes for a gap) is missing in every column.
    expect(column(rows, 'label')).toEqual([null, 'x', 'None']);
  });

  it('holds on long files: the guessed types are checked past the first 2,048 rows', async () => {
    const lines = ['code,num,late_none,none_first,level'];
    for (let i = 0; i < 3000; i++) {
      const code = i === 2500 ? '-007' : String(i + 1);
      const lateNone = i === 2600 ? 'None' : String(i);
      const noneFirst = i < 2100 ? 'None' : String(i);
      lines.push(`${code},${i},${lateNone},${noneFirst},${i % 3 ? 'None' : 'Some'}`);
    }
    const { types, rows } = await ingestCsv(lines.join('\n'));
    expect(types).toEqual({
      code: 'VARCHAR',
      num: 'BIGINT',
      late_none: 'BIGINT',
      none_first: 'BIGINT',
      level: 'VARCHAR',
    });
    expect(rows[2500].code).toBe('-007');
    expect(rows[2499].code).toBe('2500');
    expect(rows[2600].late_none).toBeNull();
    expect(rows[0].none_first).toBeNull();
    expect(rows[2999].none_first).toBe('2999');
    expect(rows[1].level).toBe('None');
  });

  it("keeps a text column that is 'None' for 2,048 rows and other text later as written", async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 2500; i++) lines.push(`${i},${i < 2200 ? 'None' : 'Gravel'}`);
    const { types, rows } = await ingestCsv(lines.join('\n'));
    expect(types.b).toBe('VARCHAR');
    expect(rows[0].b).toBe('None');
    expect(rows[2300].b).toBe('Gravel');
  });
});

/** A Sacramento-like house table written as a US spreadsheet exports it. */
function houses(rows: number, last?: string): string {
  const lines = ['id,city,sqft,price,down,zip'];
  for (let i = 0; i < rows; i++) {
    const sqft = 700 + ((i * 37) % 2900);
    const price = 59_222 + ((i * 7919) % 800_000);
    const down = 5 + (i % 20) / 2;
    lines.push(
      `${1000 + i},C${i % 4},"${sqft.toLocaleString('en-US')}","$${price.toLocaleString('en-US')}",${down}%,0${2100 + (i % 90)}`,
    );
  }
  if (last) lines.push(last);
  return lines.join('\n') + '\n';
}

/*
 * Numbers written as spreadsheets format them ("$220,000", "1,120", "22%", "€1.234,50") are read as numbers when
 * every value of a column is written one way, on both ingest paths; codes, mixed units and the person's file stay
 * as written.
 */
describe('formatted numbers', () => {
  it('reads $220,000, 1,120 and 22% as numbers in a short file; ids and zip codes stay as written', async () => {
    const csv = houses(40);
    const { info, types, rows, src } = await ingestCsv(csv);
    expect(types).toEqual({
      id: 'BIGINT',
      city: 'VARCHAR',
      sqft: 'BIGINT',
      price: 'BIGINT',
      down: 'DOUBLE',
      zip: 'VARCHAR',
    });
    expect(numbers(rows, 'price').slice(0, 3)).toEqual([59_222, 67_141, 75_060]);
    expect(numbers(rows, 'sqft').slice(0, 3)).toEqual([700, 737, 774]);
    expect(numbers(rows, 'down').slice(0, 3)).toEqual([0.05, 0.055, 0.06]);
    expect(column(rows, 'zip')[0]).toBe('02100');
    expect(info.textFormat?.numberFormats).toEqual({
      sqft: { unit: '', decimalComma: false },
      price: { unit: '$', decimalComma: false },
      down: { unit: '%', decimalComma: false },
    });
    expect(info.notes?.join(' ')).toMatch(/'sqft' \(thousands separators\), 'price' \(money in \$\), 'down' \(percent/);
    // The person's file is read, never rewritten.
    expect(readFileSync(src, 'utf8')).toBe(csv);
  });

  it('reads them on the long-file path and falls back to a full scan when a later value breaks the format', async () => {
    const long = await ingestCsv(houses(3000));
    expect(long.types.price).toBe('BIGINT');
    expect(numbers(long.rows, 'price')[2999]).toBe(59_222 + ((2999 * 7919) % 800_000));
    expect(long.types.down).toBe('DOUBLE');
    // A cent amount past the first 2,048 rows: still money, now with decimals.
    const cents = await ingestCsv(houses(3000, '9999,C1,"1,000","$1,234.56",7%,02101'));
    expect(cents.types.price).toBe('DOUBLE');
    expect(numbers(cents.rows, 'price')[3000]).toBe(1234.56);
    // A value in another currency past the first rows: the column is not one format, so it stays text as written.
    const mixed = await ingestCsv(houses(3000, '9999,C1,"1,000",€1.234,7%,02101'));
    expect(mixed.types.price).toBe('VARCHAR');
    expect(column(mixed.rows, 'price')[3000]).toBe('€1.234');
    expect(column(mixed.rows, 'price')[0]).toBe('$59,222');
  });

  it('reads euro amounts with decimal commas in a ;-delimited file, and negative amounts', async () => {
    const lines = ['Kunde;Umsatz;Rabatt;Saldo'];
    for (let i = 0; i < 30; i++)
      lines.push(
        `K${i};${(1234.5 + i * 1000).toLocaleString('de-DE', { minimumFractionDigits: 2 })} €;${i % 7},5 %;-€${i + 1},00`,
      );
    const { types, rows, info } = await ingestCsv(lines.join('\n') + '\n');
    expect(types).toMatchObject({ Umsatz: 'DOUBLE', Rabatt: 'DOUBLE', Saldo: 'BIGINT' });
    expect(numbers(rows, 'Umsatz').slice(0, 2)).toEqual([1234.5, 2234.5]);
    expect(numbers(rows, 'Rabatt').slice(0, 2)).toEqual([0.005, 0.015]);
    expect(numbers(rows, 'Saldo').slice(0, 2)).toEqual([-1, -2]);
    expect(info.textFormat?.numberFormats?.Umsatz).toEqual({ unit: '€', decimalComma: true });
  });

  it('reads accounting negatives "(1,234)" and currency codes "USD 5" / "5 EUR", short and long files', async () => {
    const ledger = (rows: number, last?: string): string => {
      const lines = ['account,opening,change,fee,margin,item'];
      for (let i = 0; i < rows; i++) {
        const amount = (100.25 + ((i * 7919) % 9000)).toLocaleString('en-US', { minimumFractionDigits: 2 });
        const change = ((i * 37) % 3000).toLocaleString('en-US');
        lines.push(
          `A${i},"${i % 3 ? `USD ${amount}` : `USD (${amount})`}","${i % 2 ? `(${change})` : change}",` +
            `${(i % 9) + 0.5} EUR,${i % 4 ? '' : '('}${i % 30}%${i % 4 ? '' : ')'},(${(i % 5) + 1})`,
        );
      }
      if (last) lines.push(last);
      return lines.join('\n') + '\n';
    };
    const { types, rows, info } = await ingestCsv(ledger(40));
    // `item` is "(1)"…"(5)" on every row: a list's numbering, not negatives, so it stays text.
    expect(types).toEqual({
      account: 'VARCHAR',
      opening: 'DOUBLE',
      change: 'BIGINT',
      fee: 'DOUBLE',
      margin: 'DOUBLE',
      item: 'VARCHAR',
    });
    expect(numbers(rows, 'opening').slice(0, 2)).toEqual([-100.25, 8019.25]);
    expect(numbers(rows, 'change').slice(0, 4)).toEqual([0, -37, 74, -111]);
    expect(numbers(rows, 'fee').slice(0, 2)).toEqual([0.5, 1.5]);
    expect(numbers(rows, 'margin').slice(0, 2)).toEqual([0, 0.01]);
    expect(column(rows, 'item').slice(0, 2)).toEqual(['(1)', '(2)']);
    expect(info.textFormat?.numberFormats).toEqual({
      opening: { unit: 'USD', decimalComma: false, negativeParentheses: true },
      change: { unit: '', decimalComma: false, negativeParentheses: true },
      fee: { unit: 'EUR', decimalComma: false },
      margin: { unit: '%', decimalComma: false, negativeParentheses: true },
    });
    expect(info.notes?.join(' ')).toMatch(
      /'opening' \(money in USD\).*'fee' \(money in EUR\).*read as negative: \(1,234\) as -1234/,
    );
    // Long path: a negative first written past the head is read as such; another code there turns the column to text.
    const late = await ingestCsv(ledger(3000, 'Z,"USD 5.00","(1,000)",(2.00 EUR),5%,(1)'));
    expect(late.types).toMatchObject({ opening: 'DOUBLE', change: 'BIGINT', fee: 'DOUBLE' });
    expect(numbers(late.rows, 'fee')[3000]).toBe(-2);
    const other = await ingestCsv(ledger(3000, 'Z,"GBP 5.00","1,000",2.00 EUR,5%,(1)'));
    expect(other.types.opening).toBe('VARCHAR');
    expect(column(other.rows, 'opening')[3000]).toBe('GBP 5.00');
  });

  it('reads EUR codes and accounting negatives with decimal commas in a ;-delimited file', async () => {
    const lines = ['Konto;Saldo;Änderung'];
    for (let i = 0; i < 30; i++) {
      const amount = (1234.5 + i * 1000).toLocaleString('de-DE', { minimumFractionDigits: 2 });
      lines.push(`K${i};${i % 2 ? `EUR ${amount}` : `(${amount} EUR)`};${i % 3 ? `(${amount})` : amount}`);
    }
    const { types, rows, info } = await ingestCsv(lines.join('\n') + '\n');
    expect(types).toMatchObject({ Saldo: 'DOUBLE', Änderung: 'DOUBLE' });
    expect(numbers(rows, 'Saldo').slice(0, 2)).toEqual([-1234.5, 2234.5]);
    expect(numbers(rows, 'Änderung').slice(0, 2)).toEqual([1234.5, -2234.5]);
    expect(info.textFormat?.numberFormats?.Saldo).toEqual({
      unit: 'EUR',
      decimalComma: true,
      negativeParentheses: true,
    });
  });

  it('leaves codes, mixed units and badly grouped numbers as text', async () => {
    const { types } = await ingestCsv(
      [
        'code,units,groups,plain,label',
        '"$007",$5,"1,23",12,a',
        '"$012",€6,"1,234",13,b',
        '"$100",$7,"12,345",14,c',
      ].join('\n') + '\n',
    );
    expect(types).toEqual({ code: 'VARCHAR', units: 'VARCHAR', groups: 'VARCHAR', plain: 'BIGINT', label: 'VARCHAR' });
    // Three capital letters that are not a currency code, or two codes in one column, are not a unit.
    const words = await ingestCsv(['lot,pay,n', 'LOT 5,USD 5,1', 'LOT 7,EUR 6,2', 'LOT 9,USD 7,3'].join('\n') + '\n');
    expect(words.types).toEqual({ lot: 'VARCHAR', pay: 'VARCHAR', n: 'BIGINT' });
  });

  it('judges the decimal mark from the file when both read every value', () => {
    // "$1,234" reads as 1234 with a decimal point and 1.234 with a decimal comma: a file that writes decimal
    // commas elsewhere decides the comma, otherwise the point.
    const values = [
      ['$1,234', '$5'],
      ['1,5', '2,5'],
    ];
    expect(formattedNumberColumns(values, ';', new Set([1])).get(0)).toEqual({ unit: '$', decimalComma: true });
    expect(formattedNumberColumns(values, ';', new Set()).get(0)).toEqual({ unit: '$', decimalComma: false });
    // A comma-delimited file never has decimal commas.
    expect(formattedNumberColumns([['€1.234,50']], ',', new Set()).size).toBe(0);
    // Plain numbers are not formatted ones; neither are ungrouped ones without a unit.
    expect(
      formattedNumberColumns(
        [
          ['1234', '5'],
          ['1234', 'x'],
        ],
        '\t',
        new Set(),
      ).size,
    ).toBe(0);
  });
});
