import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from './ingest-file';
import { decimalCommaCandidates, numberReadings } from './decimal-commas';

/** Issue 18.4: German and French Excel exports (`;`, decimal commas) read as numbers; comma files never mis-read. */
const FIXTURES = resolve(__dirname, 'fixtures');
let dir = '';
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-commas-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ingestText(name: string, content: string) {
  const src = join(dir, `${++n}-${name}`);
  writeFileSync(src, content);
  return ingestFile(src, join(dir, `case-${n}`), { originalName: name });
}

/** Every value of the imported Parquet file, as DuckDB reads it back (numbers as JS numbers). */
async function values(parquet: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const r = await conn.runAndReadAll(`SELECT * FROM read_parquet('${parquet.replace(/'/g, "''")}')`);
    return r.getRowObjectsJS();
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const column = (rows: Record<string, unknown>[], name: string): unknown[] => rows.map((r) => r[name]);

describe('German and French CSV exports', () => {
  it('reads a German Excel export (Windows-1252, CRLF, ;) with decimal commas and thousands dots as numbers', async () => {
    const info = await ingestFile(join(FIXTURES, 'excel-de.csv'), join(dir, 'de'));
    const types = Object.fromEntries(info.columns.map((c) => [c.name, c.dbType]));
    expect(types).toEqual({
      Artikelnr: 'VARCHAR',
      Bezeichnung: 'VARCHAR',
      'Größe (m²)': 'DOUBLE',
      'Preis (€)': 'DOUBLE',
      // Whole numbers ("1.250" is 1250) are integers, as in the file's decimal-point twin.
      Menge: 'BIGINT',
      Umsatz: 'DOUBLE',
      Datum: 'DATE',
      Kunde: 'VARCHAR',
    });
    const rows = await values(info.path);
    // Exactly the numbers written: "1.234,56" is 1234.56, "2.499" and "1.250" are thousands, "-87" stays -87.
    expect(column(rows, 'Preis (€)')).toEqual([49.9, 1234.56, -7.25, 12.5, 2499, 19.99]);
    expect(column(rows, 'Größe (m²)')).toEqual([0.45, 1.2, 2.75, 0.3, 3.1, null]);
    expect(column(rows, 'Menge')).toEqual([3n, 1n, 12n, 40n, 2n, 1250n]);
    expect(column(rows, 'Umsatz')).toEqual([149.7, 1234.56, -87, 500, 4998, 24987.5]);
    // Text is kept as written: codes with leading zeros, commas and semicolons inside values, umlauts.
    expect(column(rows, 'Artikelnr')).toEqual(['00123', '00124', '00125', '00126', '00127', '00128']);
    expect(column(rows, 'Bezeichnung')).toEqual(['Stuhl', 'Tisch; rund', 'Regal', 'Lampe "Luna"', 'Schrank', 'Hocker']);
    expect(column(rows, 'Kunde')).toEqual(['Müller, Hans', 'Schäfer', null, 'Weiß GmbH', 'Öztürk', 'Groß & Co.']);
    expect(info.notes).toEqual([
      `Numbers in 'Größe (m²)', 'Preis (€)', 'Menge', 'Umsatz' are written with a decimal comma and were read that way ("1.234,56" as 1234.56).`,
    ]);
  });

  it('reads a French Excel export (UTF-8 with BOM, no-break spaces grouping thousands)', async () => {
    const info = await ingestFile(join(FIXTURES, 'excel-fr.csv'), join(dir, 'fr'));
    const rows = await values(info.path);
    expect(info.columns.map((c) => c.name)).toEqual([
      'Référence',
      'Libellé',
      'Prix unitaire',
      'Quantité',
      'Montant',
      'Date',
    ]);
    expect(column(rows, 'Prix unitaire')).toEqual([2.5, 3.75, 12345.67, 0.99]);
    expect(column(rows, 'Quantité')).toEqual([1200n, 800n, 1n, 15000n]);
    expect(column(rows, 'Montant')).toEqual([3000, 3000, 12345.67, 14850]);
    expect(column(rows, 'Libellé')).toEqual(['Café', 'Thé vert', 'Chocolat, noir', 'Sucre']);
    expect(info.columns.find((c) => c.name === 'Date')?.dbType).toBe('DATE');
  });

  it('never reads quoted decimals of a comma-separated file as numbers: they stay text as written', async () => {
    const info = await ingestFile(join(FIXTURES, 'quoted-decimals.csv'), join(dir, 'quoted'));
    const rows = await values(info.path);
    expect(info.columns.map((c) => [c.name, c.dbType])).toEqual([
      ['id', 'BIGINT'],
      ['name', 'VARCHAR'],
      ['amount', 'VARCHAR'],
      ['score', 'DOUBLE'],
    ]);
    expect(column(rows, 'amount')).toEqual(['1,5', '2,75', '1,234']);
    expect(column(rows, 'score')).toEqual([0.25, 0.5, 1.75]);
    expect(info.notes).toBeUndefined();
  });

  it('reads the example from the issue, and a one-column file of decimal commas as one column', async () => {
    const de = await ingestText('preis.csv', 'Preis;Menge\n1.234,56;3\n');
    expect(await values(de.path)).toEqual([{ Preis: 1234.56, Menge: 3n }]);
    const one = await ingestText('one.csv', 'Preis\n1,5\n2,25\nNA\n-3\n');
    expect(one.columns).toEqual([{ name: 'Preis', dbType: 'DOUBLE' }]);
    expect(column(await values(one.path), 'Preis')).toEqual([1.5, 2.25, null, -3]);
    // Only "1,234"-like values: US thousands written without quotes, or decimals? Not guessed: refused in words.
    await expect(ingestText('us.csv', 'amount\n1,234\n12,500\n')).rejects.toThrow(
      /^us\.csv could not be read: it has one column whose values hold a comma \("1,234"\), which can be a thousands separator or a decimal comma, so the app does not guess\./,
    );
    // An index saved without a name is not taken for that: the usual message about a missing header name.
    await expect(ingestText('index.csv', 'amount\n0,1.5\n1,2.7\n')).rejects.toThrow(/one value more than the header/);
  });

  it('keeps a column text when a value past the first rows is not a decimal-comma number ("1.5" is never 15)', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},5;x`).join('\n');
    const info = await ingestText('late.csv', `a;b\n${rows}\n1.5;y\n`);
    expect(info.columns[0]).toEqual({ name: 'a', dbType: 'VARCHAR' });
    const a = column(await values(info.path), 'a');
    expect(a[0]).toBe('0,5');
    expect(a[3000]).toBe('1.5');
  });

  it('reads decimal-comma numbers that first appear past the first rows (a full scan decides)', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i};7,5`).join('\n');
    const info = await ingestText('later.csv', `a;b\n${rows}\n1.234;2,5\n1,5;3\n`);
    expect(info.columns).toEqual([
      { name: 'a', dbType: 'DOUBLE' },
      { name: 'b', dbType: 'DOUBLE' },
    ]);
    const read = await values(info.path);
    expect(read.slice(3000)).toEqual([
      { a: 1234, b: 2.5 },
      { a: 1.5, b: 3 },
    ]);
    // "1.000" past the first rows of whole numbers is 1000, not the 1 a decimal point reads (it was read as 1).
    const whole = await ingestText('later-whole.csv', `a;b\n${rows}\n1.000;2,5\n`);
    expect(whole.columns[0]).toEqual({ name: 'a', dbType: 'BIGINT' });
    expect((await values(whole.path))[3000]).toEqual({ a: 1000n, b: 2.5 });
  });

  it('reads grouped whole numbers ("1.000", "12.000") as thousands, as integers like their decimal-point twin', async () => {
    // Before: "1.000" passed the integer test of a decimal point (1.000 is 1) and the column read 1, 2, 12.
    const de = await ingestText('whole.csv', 'Menge;Preis;Stück\n1.000;1,5;3\n2.000;2,25;12\n12.000;3;-4\n');
    const twin = await ingestText('whole-twin.csv', 'Menge,Preis,Stück\n1000,1.5,3\n2000,2.25,12\n12000,3,-4\n');
    expect(de.columns).toEqual(twin.columns);
    expect(de.columns.map((c) => c.dbType)).toEqual(['BIGINT', 'DOUBLE', 'BIGINT']);
    expect(await values(de.path)).toEqual(await values(twin.path));
    expect(column(await values(de.path), 'Menge')).toEqual([1000n, 2000n, 12000n]);
    // A column that reads the same either way ("3", "-4") is not said to hold decimal commas.
    expect(de.notes).toEqual([
      `Numbers in 'Menge', 'Preis' are written with a decimal comma and were read that way ("1.234,56" as 1234.56).`,
    ]);
    expect(de.textFormat?.decimalCommas).toEqual(['Menge', 'Preis']);
  });

  it('decides the file style from every column: a plain decimal point elsewhere keeps "1.234" a decimal', () => {
    expect([
      ...decimalCommaCandidates(
        [
          ['1.234', '2.500'],
          ['3', '4'],
        ],
        ';',
      ),
    ]).toEqual([0, 1]);
    expect([
      ...decimalCommaCandidates(
        [
          ['1.234', '2.500'],
          ['0.5', '1.25'],
        ],
        ';',
      ),
    ]).toEqual([]);
    expect([
      ...decimalCommaCandidates(
        [
          ['1.234', '2.500'],
          ['3', '4'],
        ],
        '\t',
      ),
    ]).toEqual([]);
    expect([
      ...decimalCommaCandidates(
        [
          ['1.234', '2.500'],
          ['3,5', '4'],
        ],
        '\t',
      ),
    ]).toEqual([0, 1]);
    expect([
      ...decimalCommaCandidates(
        [
          ['1,5', '2,5'],
          ['0.5', '1.25'],
        ],
        ';',
      ),
    ]).toEqual([0]);
    expect([...decimalCommaCandidates([['1,5', '2,5']], ',')]).toEqual([]);
  });

  it('reads commas grouping thousands beside numbers below a thousand as thousands, unless the file writes decimal commas', async () => {
    // A table copied from the web and saved as TSV (Google Sheets writes the numbers as shown): "1,250" beside "980" is
    // 1250, not 1.25; the minus sign U+2212 ("−12.5") is a minus. Before, the area read 1.25, 980, 12.4, … and the
    // growth and temperatures stayed text.
    const web = await ingestFile(join(FIXTURES, 'formatted-web.tsv'), join(dir, 'web'));
    expect(web.columns.map((c) => c.dbType)).toEqual(['BIGINT', 'VARCHAR', 'BIGINT', 'DOUBLE', 'DOUBLE', 'DATE']);
    const rows = await values(web.path);
    expect(column(rows, 'Area (km²)')).toEqual([1250n, 980n, 12400n, 455n, 3075n, 2000n]);
    // 1.1 / 100 in binary floating point is 0.011000000000000001, as a spreadsheet's 1.1% is.
    expect(column(rows, 'Growth')).toEqual([-1.2, 3.4, 0.5, -0.3, 1.1, -2].map((p) => p / 100));
    expect(column(rows, 'Record low (°C)')).toEqual([-12.5, -3, 2.5, -20.1, 4, -7.5]);
    expect(web.notes).toEqual([
      "Formatted numbers were read as numbers: 'Area (km²)' (thousands separators), 'Growth' (percent, 22% read as 0.22), 'Record low (°C)' (minus signs). The minus sign (−) was read as a minus: −5 as -5. The file itself is unchanged.",
    ]);
    expect(await numberReadings(join(FIXTURES, 'formatted-web.tsv'))).toMatchObject({ comma: new Set() });
    // The same shape in a `;` file with nothing else to go by reads as thousands too …
    const semi = await ingestText('thousands.csv', 'Fläche;Nr\n1,000;1\n2,500;2\n750;3\n');
    expect(column(await values(semi.path), 'Fläche')).toEqual([1000n, 2500n, 750n]);
    // … but where another column writes decimal commas, the file's style decides: "2,500" is 2.5 there.
    const de = await ingestText('decimals.csv', 'Gewicht;Preis\n1,000;7,5\n2,500;2,25\n750;3\n');
    expect(column(await values(de.path), 'Gewicht')).toEqual([1, 2.5, 750]);
    // Every value with three decimals and no smaller whole number (petrol prices, "1,759") keeps decimal commas.
    expect([...decimalCommaCandidates([['1,759', '1,829', '1,699']], '\t')]).toEqual([0]);
  });

  it('tells predict which columns of a file to score read numbers with decimal commas', async () => {
    // Artikelnr's codes are whole numbers, which read the same either way (a model takes codes as text anyway).
    expect((await numberReadings(join(FIXTURES, 'excel-de.csv'))).comma).toEqual(
      new Set(['Artikelnr', 'Größe (m²)', 'Preis (€)', 'Menge', 'Umsatz']),
    );
    expect((await numberReadings(join(FIXTURES, 'quoted-decimals.csv'))).comma).toEqual(new Set());
  });
});
