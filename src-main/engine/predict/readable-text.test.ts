import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { numberReadings, numberReadingsOfHead } from '../ingest/decimal-commas';
import { readableText } from './readable-text';

const dir = mkdtempSync(join(tmpdir(), 'readable-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readableText', () => {
  it('leaves UTF-8 text, Parquet names and missing files as they are', async () => {
    const utf8 = join(dir, 'plain.csv');
    writeFileSync(utf8, 'a;b\n1,5;Müller\n');
    for (const path of [utf8, join(dir, 'x.parquet'), join(dir, 'missing.csv')]) {
      const r = await readableText(path);
      expect(r.path).toBe(path);
      await r.remove();
    }
  });

  it('copies Windows-1252 text with an Excel "sep=;" line to UTF-8 without it, names it as the file, removes it', async () => {
    const path = join(dir, 'Umsätze.csv');
    const long = 'x'.repeat(200_000);
    writeFileSync(path, Buffer.from(`sep=;\r\nKunde;Preis;Notiz\r\nMüller;1,5;${long}\r\nWeiß;2,25;ß\r\n`, 'latin1'));
    const r = await readableText(path);
    expect(r.path).not.toBe(path);
    expect(basename(r.path)).toBe('Umsätze.csv');
    expect(readFileSync(r.path, 'utf8')).toBe(`Kunde;Preis;Notiz\r\nMüller;1,5;${long}\r\nWeiß;2,25;ß\r\n`);
    // A message about the copy names the person's file.
    const told = r.own(new CodedError('dataset-invalid', `Could not read '${r.path}' as a table.`));
    expect(told).toBeInstanceOf(CodedError);
    expect((told as CodedError).message).toBe(`Could not read '${path}' as a table.`);
    await r.remove();
    expect(existsSync(r.path)).toBe(false);
  });

  it('drops the "sep=" line of a UTF-8 file too', async () => {
    const path = join(dir, 'sep.csv');
    writeFileSync(path, 'sep=;\nMenge;Preis\n1.000;1,5\n');
    const r = await readableText(path);
    expect(readFileSync(r.path, 'utf8')).toBe('Menge;Preis\n1.000;1,5\n');
    await r.remove();
  });

  it("hands back the file's head, which judges decimal commas as the copy's own head does", async () => {
    const fixtures = join(__dirname, '..', 'ingest', 'fixtures');
    const latin = join(dir, 'Preise.csv');
    writeFileSync(latin, Buffer.from('sep=;\r\nArtikel;Preis;Menge\r\nKäse;1,5;1.000\r\nWürze;2,25;12\r\n', 'latin1'));
    const cases: Array<[string, string[]]> = [
      [latin, ['Preis', 'Menge']],
      [join(fixtures, 'excel-de.csv'), [...(await numberReadings(join(fixtures, 'excel-de.csv'))).comma]],
      [join(fixtures, 'quoted-decimals.csv'), []],
    ];
    for (const [path, columns] of cases) {
      const r = await readableText(path);
      if (!r.head) throw new Error(`no head for ${path}`);
      const judged = numberReadingsOfHead(r.head, path).comma;
      expect([...judged].sort(), path).toEqual([...columns].sort());
      expect(judged, path).toEqual((await numberReadings(r.path)).comma);
      await r.remove();
    }
    expect((await readableText(join(dir, 'x.parquet'))).head).toBeUndefined();
  });
});
