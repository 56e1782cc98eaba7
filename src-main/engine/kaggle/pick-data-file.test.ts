import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pickDataFile } from './pick-data-file';

const dir = mkdtempSync(join(tmpdir(), 'pick-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, bytes: number): string => {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), 'x'.repeat(bytes));
  return name;
};

describe('pickDataFile', () => {
  it('prefers a train file, then the largest non-test data file, and ignores other files', () => {
    const files = [
      put('test.csv', 900),
      put('train.csv', 100),
      put('sample_submission.csv', 50),
      put('readme.md', 5000),
    ];
    expect(pickDataFile(dir, files)).toBe('train.csv');
    const other = [
      put('a/small.csv', 10),
      put('a/big.parquet', 300),
      put('a/test_data.csv', 999),
      put('a/notes.pdf', 9999),
    ];
    expect(pickDataFile(dir, other)).toBe('a/big.parquet');
    expect(pickDataFile(dir, [put('only.pdf', 3)])).toBeNull();
  });
});
