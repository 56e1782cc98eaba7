import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../models/trees/rng';
import { profileCsvIn } from './test-helpers';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'long-texts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WORDS = 'permission is hereby granted free of charge to any person obtaining a copy of this software and'.split(
  ' ',
);

/** A paragraph of `n` words drawn from a licence's vocabulary. */
function paragraph(rng: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(' ');
}

describe('long texts', () => {
  it('reads paragraphs as text though many repeat (distinct ratio under .3); long labels with few levels stay categories', async () => {
    const rng = makeRng(3);
    // 150 licence paragraphs of 30-60 words over 600 rows (ratio .25), as Debian's copyright files repeat them.
    const licences = Array.from({ length: 150 }, () => paragraph(rng, 30 + Math.floor(rng() * 30)));
    // 12 survey answers of 10-12 words: a real category, however long its labels.
    const answers = Array.from(
      { length: 12 },
      (_, i) => `I would ${i % 2 ? 'not ' : ''}recommend this to a friend or colleague ${i}`,
    );
    // Mostly one word, now and then a long note: the median value is short, so a category.
    const status = ['open', 'closed', 'pending', 'merged'];
    const lines = ['licence,answer,status,y'];
    for (let i = 0; i < 600; i++) {
      const note = i % 5 === 0 ? paragraph(rng, 40) : status[i % 4];
      lines.push(`"${licences[i % 150]}","${answers[i % 12]}","${note}",${i % 2}`);
    }
    const p = await profileCsvIn(dir, 'licences.csv', lines.join('\n') + '\n', 'y');
    const kind = (name: string) => p.columns.find((c) => c.name === name)?.kind;
    expect(p.columns.find((c) => c.name === 'licence')?.distinct).toBe(150);
    expect(kind('licence')).toBe('text');
    expect(kind('answer')).toBe('categorical');
    expect(kind('status')).toBe('categorical');
  });
});
