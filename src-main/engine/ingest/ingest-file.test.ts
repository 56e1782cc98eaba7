import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { ingestFile, MAX_COLUMNS } from './ingest-file';

const HOUSING = resolve(__dirname, '../../../resources/samples/boston-housing.csv');
let dir = '';
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` to a fresh file and ingests it into a fresh project folder. */
async function ingest(name: string, content: string | Buffer, opts?: { skipBadRows?: boolean }) {
  const sub = join(dir, `case-${n++}`);
  const src = join(dir, `${n}-${name}`);
  writeFileSync(src, content);
  return ingestFile(src, sub, { originalName: name, ...opts });
}

async function codeOf(p: Promise<unknown>): Promise<CodedError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    return err as CodedError;
  }
  throw new Error('expected a CodedError');
}

describe('ingestFile: CSV', () => {
  it('converts the housing sample to Parquet with types, sample and an untouched original copy', async () => {
    const before = createHash('sha256').update(readFileSync(HOUSING)).digest('hex');
    const out = join(dir, 'housing');
    const info = await ingestFile(HOUSING, out);
    expect(info.rows).toBe(506);
    expect(info.format).toBe('csv');
    expect(info.columns).toHaveLength(13);
    expect(info.columns.find((c) => c.name === 'price')?.dbType).toBe('DOUBLE');
    expect(info.columns.find((c) => c.name === 'highway_access')?.dbType).toBe('BIGINT');
    expect(info.sample).toHaveLength(100);
    expect(info.sample[0][12]).toBe('24.0');
    expect(info.path).toBe(join(out, 'data.parquet'));
    expect(existsSync(info.path)).toBe(true);
    expect(readFileSync(join(out, 'original', 'boston-housing.csv')).equals(readFileSync(HOUSING))).toBe(true);
    expect(createHash('sha256').update(readFileSync(HOUSING)).digest('hex')).toBe(before);
    expect(existsSync(join(out, '.ingest-tmp'))).toBe(false);
  });

  it.each([
    [';', 'semi.csv'],
    ['|', 'pipe.csv'],
    ['\t', 'tabs.txt'],
    ['\t', 'data.tsv'],
  ])('detects the %j delimiter (%s)', async (d, name) => {
    const text =
      ['city', 'temp', 'note'].join(d) +
      '\n' +
      ['Paris', '12.5', 'a, b'].join(d) +
      '\n' +
      ['Oslo', '-3', 'c'].join(d) +
      '\n';
    const info = await ingest(name, text);
    expect(info.columns.map((c) => c.name)).toEqual(['city', 'temp', 'note']);
    expect(info.columns[1].dbType).toBe('DOUBLE');
    expect(info.sample[0]).toEqual(['Paris', '12.5', 'a, b']);
    expect(info.format).toBe(d === '\t' ? 'tsv' : 'csv');
  });

  it('keeps quoted delimiters, doubled quotes and newlines inside fields', async () => {
    const info = await ingest('q.csv', 'id,text\n1,"hello, world"\n2,"she said ""hi"""\n3,"two\nlines"\n');
    expect(info.rows).toBe(3);
    expect(info.sample.map((r) => r[1])).toEqual(['hello, world', 'she said "hi"', 'two\nlines']);
  });

  it('handles Windows line endings and an Excel "sep=" line', async () => {
    const crlf = await ingest('crlf.csv', 'a,b\r\n1,x\r\n2,y\r\n');
    expect(crlf.sample).toEqual([
      ['1', 'x'],
      ['2', 'y'],
    ]);
    const excel = await ingest('excel.csv', 'sep=;\nname;amount\nA;1,5\nB;2\n');
    expect(excel.columns).toEqual([
      { name: 'name', dbType: 'VARCHAR' },
      { name: 'amount', dbType: 'DOUBLE' },
    ]);
    expect(excel.sample).toEqual([
      ['A', '1.5'],
      ['B', '2.0'],
    ]);
    const euro = await ingest('euro.csv', 'item;price\nx;1.234,50\ny;-7,25\n');
    expect(euro.sample.map((r) => r[1])).toEqual(['1234.5', '-7.25']);
  });

  it('keeps a header with an empty name (a pandas index column)', async () => {
    const info = await ingest('pandas.csv', ',price,rooms\n0,24.5,6\n1,21.6,5\n');
    expect(info.columns.map((c) => c.name)).toEqual(['column0', 'price', 'rooms']);
    expect(info.rows).toBe(2);
  });

  it('reads a file without a header as column0..', async () => {
    const info = await ingest('nohead.csv', '1,2.5,3\n4,5.5,6\n7,8.5,9\n');
    expect(info.columns.map((c) => c.name)).toEqual(['column0', 'column1', 'column2']);
    expect(info.rows).toBe(3);
  });

  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,city\nZoë,Köln\n', 'utf8')])],
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name,city\nZoë,Köln\n', 'utf16le')])],
    ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('name,city\nZoë,Köln\n', 'utf16le').swap16()])],
    ['Latin-1', Buffer.from('name,city\nZoë,Köln\n', 'latin1')],
  ])('decodes %s', async (_label, bytes) => {
    const info = await ingest('enc.csv', bytes);
    expect(info.columns.map((c) => c.name)).toEqual(['name', 'city']);
    expect(info.sample[0]).toEqual(['Zoë', 'Köln']);
  });

  it('falls back to Latin-1 when invalid UTF-8 appears after the first megabyte', async () => {
    const lines = ['id,word'];
    for (let i = 0; i < 60_000; i++) lines.push(`${i},plain`);
    const head = Buffer.from(lines.join('\n') + '\n', 'utf8');
    const info = await ingest('late.csv', Buffer.concat([head, Buffer.from('60000,café\n', 'latin1')]));
    expect(info.rows).toBe(60_001);
    expect(info.rejectedRows).toBeUndefined();
  });

  it('reads gzipped CSV', async () => {
    const info = await ingest('data.csv.gz', gzipSync('a,b\n1,x\n2,y\n'));
    expect(info.rows).toBe(2);
    expect(info.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('infers dates (with format), booleans, and keeps leading-zero codes as text', async () => {
    const info = await ingest(
      'types.csv',
      'when,ok,zip,n\n31/01/2020,true,02134,1\n15/02/2020,false,10001,2\n01/03/2020,TRUE,00501,NA\n',
    );
    const types = Object.fromEntries(info.columns.map((c) => [c.name, c.dbType]));
    expect(types).toEqual({ when: 'DATE', ok: 'BOOLEAN', zip: 'VARCHAR', n: 'BIGINT' });
    expect(info.sample[0][0]).toBe('2020-01-31');
    expect(info.sample[2][3]).toBeNull();
  });

  it('reads month-name dates written without a comma ("Jan 1 2000", "March 12 2001") as dates', async () => {
    const info = await ingest(
      'sp.csv',
      'date,price,when\nJan 1 2000,1394.46,March 12 2001\nFeb 1 2000,1366.42,May 3 2001\n',
    );
    const types = Object.fromEntries(info.columns.map((c) => [c.name, c.dbType]));
    expect(types).toEqual({ date: 'DATE', price: 'DOUBLE', when: 'DATE' });
    expect(info.sample.map((r) => [r[0], r[2]])).toEqual([
      ['2000-01-01', '2001-03-12'],
      ['2000-02-01', '2001-05-03'],
    ]);
  });

  it('re-decides types over all rows when a value after the first rows breaks the guess', async () => {
    const lines = ['sparse,late_zero,late_frac,when'];
    for (let i = 0; i < 3000; i++) lines.push(`,${i + 1},${i},${(i % 12) + 1}/02/2020`);
    lines.push('7,0123,2.5,25/02/2020');
    const info = await ingest('late.csv', lines.join('\n') + '\n');
    expect(Object.fromEntries(info.columns.map((c) => [c.name, c.dbType]))).toEqual({
      sparse: 'BIGINT',
      late_zero: 'VARCHAR',
      late_frac: 'DOUBLE',
      when: 'DATE',
    });
    // 01/02 first read as January 2 (US order), but 25/02 settles it as day/month.
    expect(info.sample[0][3]).toBe('2020-02-01');
    expect(info.sample[0][0]).toBeNull();
  });

  it('widens a column to text when a late value is not a number instead of rejecting the row', async () => {
    const lines = ['k,v'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i},${i * 2}`);
    lines.push('30000,unknown');
    const info = await ingest('late-text.csv', lines.join('\n') + '\n');
    expect(info.rows).toBe(30_001);
    expect(info.columns[1].dbType).toBe('VARCHAR');
  });
});

describe('ingestFile: bad input', () => {
  const ragged = 'a;b;c\n1;x;2.5\n2;y\n3;z;4;5\n4;"q;r";1\n';

  it('refuses ragged rows with their line numbers', async () => {
    const err = await codeOf(ingest('ragged.csv', ragged));
    expect(err.code).toBe('dataset-invalid');
    expect(err.message).toContain('line 3: expected 3 fields, found 2');
    expect(err.message).toContain('line 4: expected 3 fields, found 4');
    expect(err.message).toContain('skip bad rows');
    expect(err.detail?.rejectedRows).toEqual([
      { line: 3, reason: 'expected 3 fields, found 2' },
      { line: 4, reason: 'expected 3 fields, found 4' },
    ]);
  });

  it('skips ragged rows when asked and lists them', async () => {
    const info = await ingest('ragged.csv', ragged, { skipBadRows: true });
    expect(info.rows).toBe(2);
    expect(info.sample).toEqual([
      ['1', 'x', '2.5'],
      ['4', 'q;r', '1.0'],
    ]);
    expect(info.rejectedRows?.map((r) => r.line)).toEqual([3, 4]);
  });

  it('lists malformed rows far past the first rows, with the types guessed from the first rows', async () => {
    // The COPY reads strictly first; a malformed row stops it and the read that collects malformed rows runs.
    const lines = ['id,x,label'];
    for (let i = 0; i < 5000; i++) lines.push(`${i},${i / 4},${i % 2 ? 'odd' : 'even'}`);
    lines.splice(4001, 0, '4000.5,1');
    const err = await codeOf(ingest('late-ragged.csv', lines.join('\n') + '\n'));
    expect(err.detail?.rejectedRows).toEqual([{ line: 4002, reason: 'expected 3 fields, found 2' }]);
    const info = await ingest('late-ragged.csv', lines.join('\n') + '\n', { skipBadRows: true });
    expect(info.rows).toBe(5000);
    expect(info.rejectedRows).toEqual([{ line: 4002, reason: 'expected 3 fields, found 2' }]);
    expect(info.columns.map((c) => c.dbType)).toEqual(['BIGINT', 'DOUBLE', 'VARCHAR']);
  });

  it('reports an unterminated quote with its line', async () => {
    const err = await codeOf(ingest('quote.csv', 'a,b\n1,x\n2,y\n3,"open\n4,w\n'));
    expect(err.code).toBe('dataset-invalid');
    expect(err.message).toMatch(/line 4: .*quote/);
  });

  it('explains empty, blank and header-only files', async () => {
    expect((await codeOf(ingest('empty.csv', ''))).code).toBe('dataset-empty');
    expect((await codeOf(ingest('blank.csv', '\n  \n'))).code).toBe('dataset-empty');
    const header = await codeOf(ingest('header.csv', 'price,rooms,area\n'));
    expect(header.code).toBe('dataset-empty');
    expect(header.message).toContain('no data rows');
    expect(header.message).toContain('price, rooms, area');
  });

  it('imports columns whose names repeat or differ only by case, renamed as DuckDB renames them, and says so', async () => {
    // Before: refused ("Duplicate column names: 'a', 'Price'/'price'"). Every value is kept, in its own column.
    const info = await ingest('dup.csv', 'a,b,a,Price,price\n1,2,3,4,5\n');
    expect(info.columns.map((c) => c.name)).toEqual(['a', 'b', 'a_1', 'Price', 'price_1']);
    expect(info.sample).toEqual([['1', '2', '3', '4', '5']]);
    expect(info.notes).toEqual([
      "Columns 1 and 3 are both called 'a': column 3 is called 'a_1' in the app, its model and outputs. To choose the name yourself, rename it in the file and import again.",
      "Columns 4 ('Price') and 5 ('price') differ only by case, which the app's database cannot tell apart: inside the app column 5 is called 'price_1'. The model, predictions, report and notebook call it 'price', and predict finds it by that name in a new file.",
    ]);
  });

  it('reports a missing file and unsupported formats', async () => {
    expect((await codeOf(ingestFile(join(dir, 'nope.csv'), join(dir, 'x')))).code).toBe('file-not-found');
    expect((await codeOf(ingest('book.xlsx', Buffer.from('PK\u0003\u0004rest')))).code).toBe('unsupported-format');
    expect(
      (await codeOf(ingest('blob.bin', Buffer.from([0, 1, 2, 3, 4, 5, 0, 0, 7, 8, 0, 1, 2, 250, 251, 3])))).code,
    ).toBe('unsupported-format');
  });
});

/** UTF-32 bytes of `text` with a byte-order mark. */
function utf32(text: string, bigEndian: boolean): Buffer {
  const cps = [0xfeff, ...[...text].map((c) => c.codePointAt(0) ?? 0)];
  const buf = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) => (bigEndian ? buf.writeUInt32BE(cp, i * 4) : buf.writeUInt32LE(cp, i * 4)));
  return buf;
}

describe('ingestFile: awkward layouts (issue 19)', () => {
  it('imports a file whose line endings change midway, keeping a CR inside quotes', async () => {
    const crlfLine = await ingest('one-crlf.csv', 'a,b\n1,x\n2,y\r\n3,z\n');
    expect(crlfLine.sample).toEqual([
      ['1', 'x'],
      ['2', 'y'],
      ['3', 'z'],
    ]);
    const strayCr = await ingest('stray-cr.csv', 'a,b\n1,x\r2,y\n3,"q\rr"\r\n');
    expect(strayCr.sample).toEqual([
      ['1', 'x'],
      ['2', 'y'],
      ['3', 'q\rr'],
    ]);
    const crlfHeader = await ingest('crlf-header.csv', 'a,b\r\n1,x\n2,y\n');
    expect(crlfHeader.rows).toBe(2);
  });

  it('keeps line numbers of bad rows in a file with mixed line endings', async () => {
    const err = await codeOf(ingest('mixed-ragged.csv', 'a,b,c\r\n1,x,2\n2,y\n3,z,4\r\n'));
    expect(err.code).toBe('dataset-invalid');
    expect(err.message).toContain('line 3: expected 3 fields, found 2');
  });

  it.each([
    ['LE', false],
    ['BE', true],
  ])('decodes UTF-32 %s with a byte-order mark', async (_label, bigEndian) => {
    const info = await ingest('utf32.csv', utf32('name,city\nZoë,Köln\n😀,Åre\n', bigEndian));
    expect(info.columns.map((c) => c.name)).toEqual(['name', 'city']);
    expect(info.sample).toEqual([
      ['Zoë', 'Köln'],
      ['😀', 'Åre'],
    ]);
  });

  it('skips a "sep=" line that names no usable delimiter and sniffs the rows below it', async () => {
    for (const first of ['sep="', 'sep=']) {
      const info = await ingest('sep.csv', `${first}\nname;amount\nA;1\nB;2\n`);
      expect(info.columns.map((c) => c.name)).toEqual(['name', 'amount']);
      expect(info.rows).toBe(2);
    }
  });

  it('skips thousands of blank lines after the header', async () => {
    const info = await ingest('blank.csv', `a,b\n${'\n'.repeat(3000)}1,2\n${'\r\n'.repeat(10)}3,4\n`);
    expect(info.rows).toBe(2);
    expect(info.sample).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('reads a 3 MB value (past the 2 MB line limit of the strict read) as written', async () => {
    const long = 'v'.repeat(3 << 20);
    const info = await ingest('long-value.csv', `id,text\n1,short\n2,${long}\n3,x\n`);
    expect(info.rows).toBe(3);
    expect(info.rejectedRows).toBeUndefined();
    expect(info.sample.map((r) => r[1])).toEqual(['short', long, 'x']);
  });

  it('refuses lines longer than 16 MB in plain words', async () => {
    const long = 'x'.repeat(17 << 20);
    const header = await codeOf(ingest('long-header.csv', `${long},b\n1,2\n`));
    expect(header.code).toBe('dataset-invalid');
    expect(header.message).toContain('first line of long-header.csv is longer than 16 MB');
    const row = await codeOf(ingest('long-row.csv', `a,b\n1,${long}\n2,y\n`));
    expect(row.message).toContain('line 2: the line is longer than 16 MB');
    for (const e of [header, row]) expect(e.message).not.toMatch(/read_csv|SELECT|LINE 1|Error:/);
  });

  it('infers types of a wide table (unpivoted checks) as of a narrow one, with bad rows by line', async () => {
    const kinds = ['int', 'float', 'text', 'date', 'bool', 'code'];
    const width = 300;
    const cell = (k: string, r: number): string =>
      ({
        int: String(r * 3),
        float: `${r}.5`,
        text: `t${r % 7}`,
        date: `${10 + (r % 18)}/02/2020`,
        bool: r % 2 ? 'true' : 'FALSE',
        code: `0${r % 9}`,
      })[k] ?? '';
    const lines = [Array.from({ length: width }, (_, j) => `${kinds[j % 6]}${j}`).join(',')];
    for (let r = 0; r < 40; r++) lines.push(Array.from({ length: width }, (_, j) => cell(kinds[j % 6], r)).join(','));
    const info = await ingest('wide.csv', lines.join('\n') + '\n');
    expect(info.columns).toHaveLength(width);
    const expected: Record<string, string> = {
      int: 'BIGINT',
      float: 'DOUBLE',
      text: 'VARCHAR',
      date: 'DATE',
      bool: 'BOOLEAN',
      code: 'VARCHAR',
    };
    for (const c of info.columns) expect(c.dbType).toBe(expected[c.name.replace(/\d+$/, '')]);
    expect(info.sample[1][3]).toBe('2020-02-11');
    lines.splice(5, 0, '1,2,3');
    const err = await codeOf(ingest('wide-bad.csv', lines.join('\n') + '\n'));
    expect(err.message).toContain(`line 6: expected ${width} fields, found 3`);
  });

  it('refuses more columns than the app supports', async () => {
    const names = Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`);
    const err = await codeOf(ingest('too-wide.csv', `${names.join(',')}\n${names.map(() => '1').join(',')}\n`));
    expect(err.code).toBe('dataset-invalid');
    expect(err.message).toContain(`has ${(MAX_COLUMNS + 1).toLocaleString('en-US')} columns`);
  });
});

describe('ingestFile: JSON and Parquet', () => {
  it('reads a JSON array, flattening nested values to JSON text', async () => {
    const info = await ingest(
      'rows.json',
      JSON.stringify([
        { a: 1, b: 'x', c: { d: 2 } },
        { a: 2, b: null, c: null },
      ]),
    );
    expect(info.format).toBe('json');
    expect(info.rows).toBe(2);
    expect(info.sample[0]).toEqual(['1', 'x', '{"d":2}']);
  });

  it('reads JSON lines', async () => {
    const info = await ingest('rows.jsonl', '{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n{"a":3,"b":"z"}\n');
    expect(info.format).toBe('jsonl');
    expect(info.rows).toBe(3);
  });

  it('refuses an empty JSON array', async () => {
    expect((await codeOf(ingest('none.json', '[]'))).code).toMatch(/dataset-(empty|invalid)/);
  });

  it('re-imports its own Parquet output', async () => {
    const first = await ingestFile(HOUSING, join(dir, 'pq-src'));
    const again = await ingestFile(first.path, join(dir, 'pq-again'), { originalName: 'housing.parquet' });
    expect(again.format).toBe('parquet');
    expect(again.rows).toBe(506);
    expect(again.columns).toEqual(first.columns);
  });
});

describe('cancel', () => {
  /** A few MB of rows, so the copy and the conversion both report progress before they end. */
  const bigCsv = (): string => {
    const rows = ['id,x,y,label'];
    for (let i = 0; i < 120_000; i++) rows.push(`${i},${(i * 7919) % 1000},${(i % 97) / 7},${i % 3 ? 'a' : 'b'}`);
    return rows.join('\n');
  };

  it.each(['Copying', 'Reading'])(
    'a cancel while %s leaves the earlier data as it was, and nothing half-written',
    async (step) => {
      const project = join(dir, `cancel-${step}`);
      const first = await ingestFile(HOUSING, project);
      const before = readFileSync(first.path);
      const src = join(dir, `big-${step}.csv`);
      writeFileSync(src, bigCsv());
      const stop = new AbortController();
      const seen: string[] = [];
      const err = await codeOf(
        ingestFile(src, project, {
          signal: stop.signal,
          onProgress: (_f, message) => {
            seen.push(message);
            if (message.startsWith(step)) stop.abort();
          },
        }),
      );
      expect(err.code).toBe('cancelled');
      expect(seen.some((m) => m.startsWith(step))).toBe(true);
      expect(readFileSync(first.path)).toEqual(before);
      expect(readdirSync(project).sort()).toEqual(['data.parquet', 'original']);
      expect(readdirSync(join(project, 'original'))).toEqual(['boston-housing.csv']);
    },
  );

  it('reports the copy and the conversion as a fraction that ends near 1', async () => {
    const src = join(dir, 'big-progress.csv');
    writeFileSync(src, bigCsv());
    const seen: number[] = [];
    const info = await ingestFile(src, join(dir, 'progress'), { onProgress: (f) => seen.push(f ?? -1) });
    expect(info.rows).toBe(120_000);
    expect(seen.every((f, i) => f >= 0 && (i === 0 || f >= seen[i - 1]))).toBe(true);
    expect(seen.at(-1)).toBeGreaterThanOrEqual(0.97);
  });
});
