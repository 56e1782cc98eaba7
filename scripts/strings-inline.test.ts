import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Components whose text has moved to src-renderer/strings (issue 18.4): none may hold English inline again.
 * Add a file here when its text moves.
 */
const MOVED = [
  'features/app/TopBar.tsx',
  'features/timeline/StageTimeline.tsx',
  'components/ErrorPanel.tsx',
  'components/Dialog.tsx',
  'components/Chart.tsx',
  'components/chart/ChartLegend.tsx',
  'components/chart/ChartTable.tsx',
];

describe('strings live in one file per language', () => {
  it.each(MOVED)('%s has no English text inline (JSX text, aria-label, title, sentences)', (file) => {
    const src = readFileSync(join(__dirname, '..', 'src-renderer', file), 'utf8');
    const inline = [
      ...src.matchAll(/>\s*([A-Za-z][^<>{}();=&|]*?)\s*</g),
      ...src.matchAll(/(?:aria-label|title|placeholder)="([^"]*[A-Za-z][^"]*)"/g),
      ...src.matchAll(/['`]([A-Z][a-z]+(?: [a-z]+)+[^'`]*)['`]/g),
    ].map((m) => m[1]);
    expect(inline).toEqual([]);
  });
});
