import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { DuckDBInstance } from '@duckdb/node-api';
import { MAX_NAME_CHARS, shortenLongNames, uniqueColumnNames } from './column-names';
import { ingestFile } from './ingest-file';

let dir = '';
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-names-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ingest(name: string, content: string | Buffer) {
  const src = join(dir, `${++n}-${name}`);
  writeFileSync(src, content);
  return ingestFile(src, join(dir, `case-${n}`), { originalName: name });
}

async function refusal(p: Promise<unknown>): Promise<CodedError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodedError);
  return err as CodedError;
}

describe('column names', () => {
  it('shortens a 1 MB column name and says so; the other names and every value stay as written', async () => {
    const long = 'x'.repeat(1 << 20);
    const info = await ingest('long.csv', `id,${long},price\n1,a,2.5\n2,b,3.5\n`);
    expect(info.columns.map((c) => c.name)).toEqual(['id', `${'x'.repeat(MAX_NAME_CHARS)}…`, 'price']);
    expect(info.sample).toEqual([
      ['1', 'a', '2.5'],
      ['2', 'b', '3.5'],
    ]);
    expect(info.notes).toEqual([
      'The name of column 2 is 1,048,576 characters long; it was shortened to its first 1,000 characters.',
    ]);
  });

  it('keeps a 1,000-character name (a survey question) whole, with no note', async () => {
    const question = 'q'.repeat(MAX_NAME_CHARS);
    const info = await ingest('survey.csv', `${question},b\n1,2\n`);
    expect(info.columns[0].name).toBe(question);
    expect(info.notes).toBeUndefined();
  });

  it('keeps shortened names unique and never splits a character', () => {
    const a = `${'é'.repeat(MAX_NAME_CHARS)}a`;
    const b = `${'é'.repeat(MAX_NAME_CHARS)}b`;
    const emoji = '😀'.repeat(MAX_NAME_CHARS + 5);
    const { names, notes } = shortenLongNames([a, b, emoji]);
    expect(names[0]).toBe(`${'é'.repeat(MAX_NAME_CHARS)}…`);
    expect(names[1]).toBe(`${'é'.repeat(MAX_NAME_CHARS)}… (column 2)`);
    expect(Array.from(names[2])).toHaveLength(MAX_NAME_CHARS + 1);
    expect(names[2]).toBe(`${'😀'.repeat(MAX_NAME_CHARS)}…`);
    expect(notes).toHaveLength(3);
  });

  it('shortens an over-long JSON key too', async () => {
    const key = 'k'.repeat(1500);
    const info = await ingest('long.jsonl', `{"${key}": 1, "b": "x"}\n{"${key}": 2, "b": "y"}\n`);
    expect(info.columns.map((c) => c.name)).toEqual([`${'k'.repeat(MAX_NAME_CHARS)}…`, 'b']);
    expect(info.sample).toEqual([
      ['1', 'x'],
      ['2', 'y'],
    ]);
    expect(info.notes?.[0]).toContain('column 1 is 1,500 characters long');
  });
});

describe('a header that does not match the rows', () => {
  it('says the header has one name more than the rows, once, instead of refusing every row', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i},2,3,4,5,6,7`).join('\n');
    const err = await refusal(ingest('extra.csv', `a,b,c,d,e,f,g,h\n${rows}\n`));
    expect(err.code).toBe('dataset-invalid');
    expect(err.message).toBe(
      'extra.csv could not be read: the header has one name more than the rows (8 names, 7 values per row). Remove the extra name from the header, or add the missing value to each row, then import again.',
    );
    expect(err.message).not.toContain('expected');
  });

  it('says so for a one-row file too, and for a semicolon file', async () => {
    const one = await refusal(ingest('one.csv', 'a,b,c\n1,2\n'));
    expect(one.message).toContain('the header has one name more than the rows (3 names, 2 values per row)');
    const semi = await refusal(ingest('semi.csv', 'a;b;c;d\n1;2;3\n4;5;6\n'));
    expect(semi.message).toContain('the header has one name more than the rows (4 names, 3 values per row)');
  });

  it('says when the rows have one value more than the header (an index saved without a name)', async () => {
    const err = await refusal(ingest('index.csv', 'a,b\n0,1,2\n1,3,4\n2,5,6\n'));
    expect(err.message).toContain('the rows have one value more than the header has names (2 names, 3 values per row)');
  });

  it('drops an empty last name that no row fills (a trailing delimiter on the header), with a note', async () => {
    const info = await ingest('trailing.csv', 'a,b,c,\n1,2,3\n4,5,6\n');
    expect(info.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(info.sample).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(info.notes).toEqual(['The header ends with an empty name that no row has a value for; it was left out.']);
  });

  it("drops nameless columns no row fills (';;' at every line end, as Excel writes them), with a note", async () => {
    const info = await ingest('excel.csv', 'Ort;Preis;;\nBerlin;3,5;;\nKöln;4;;\n');
    expect(info.columns.map((c) => c.name)).toEqual(['Ort', 'Preis']);
    expect(info.sample).toEqual([
      ['Berlin', '3.5'],
      ['Köln', '4.0'],
    ]);
    expect(info.notes).toContain(
      'Columns 3 and 4 have no name in the header and no value in any row (empty cells at the ends of lines); left out.',
    );
    // A nameless column with a value somewhere, and a named empty one, stay: only nothing at all is left out.
    const kept = await ingest('kept.csv', 'a,,b,c,\n1,,2,,\n3,x,4,,\n');
    expect(kept.columns.map((c) => c.name)).toEqual(['a', 'column1', 'b', 'c']);
    expect(kept.notes).toContain(
      'Column 5 has no name in the header and no value in any row (empty cells at the ends of lines); left out.',
    );
  });

  it('still lists the lines when only a few rows are short', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => (i === 7 ? '1,2' : `${i},2,3`)).join('\n');
    const err = await refusal(ingest('few.csv', `a,b,c\n${rows}\n`));
    expect(err.message).toContain('line 9: expected 3 fields, found 2');
  });
});

describe('names that repeat or differ only by case', () => {
  it("are renamed exactly as DuckDB's readers rename them, so a file to score finds the model's columns", async () => {
    // predict reads a new file with read_csv(header = true): the names it sees must be the ones the model took.
    const headers = ['a,A,a', 'a,A,A_1', 'a,a_1,A', 'Price,price,PRICE', 'x,X,x_1,X_1', ',a,', 'id,ID,Id,iD,id_1'];
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      for (const header of headers) {
        const file = join(dir, `h${++n}.csv`);
        writeFileSync(
          file,
          `${header}\n${header
            .split(',')
            .map((_, i) => i)
            .join(',')}\n`,
        );
        const r = await conn.runAndReadAll(
          `DESCRIBE SELECT * FROM read_csv('${file}', all_varchar = true, header = true)`,
        );
        const duckdb = r.getRowsJson().map((row) => String(row[0]));
        expect(uniqueColumnNames(header.split(',')).names, header).toEqual(duckdb);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    expect(uniqueColumnNames(['Price', 'price']).notes).toHaveLength(1);
    expect(uniqueColumnNames(['a', 'b']).notes).toEqual([]);
  });
});
