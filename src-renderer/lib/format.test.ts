import { describe, expect, it } from 'vitest';
import { basenameOf, dirnameOf } from './data-source';
import { en } from '../strings/en';
import { formatBytes, formatDuration, formatRelative, humanize, plural } from './format';

describe('format', () => {
  it('writes sizes, durations and times for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(formatRelative(1_000_000, 1_000_000 + 10_000)).toBe('just now');
    expect(formatRelative(0, 2 * 86_400_000)).toBe('2 days ago');
    expect(humanize('random_forest')).toBe('Random forest');
    expect(plural(1, en.nouns.row)).toBe('1 row');
    expect(plural(0, en.nouns.row)).toBe('0 rows');
    expect(plural(1200, en.nouns.class)).toBe('1,200 classes');
  });

  it('splits paths with either separator', () => {
    expect(dirnameOf('/a/b/model.zip')).toBe('/a/b');
    expect(dirnameOf('C:\\x\\y.zip')).toBe('C:\\x');
    expect(basenameOf('C:\\x\\y.zip')).toBe('y.zip');
  });
});
