import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 18.4: the renderer's words live in src-renderer/strings (one file per language), so a translation is a file,
 * not a code change. Every component and module of the renderer is read here; none may hold English inline (JSX text,
 * a literal aria-label/title/placeholder/alt/label/hint, or a sentence in quotes). Comments are not read.
 */
const ROOT = join(__dirname, '..', 'src-renderer');

/** Text that is not English to translate: an example address, a file name, generic type arguments. */
const ALLOWED = new Set(['http://localhost:11434/v1', 'Promise', 'predictions.csv']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'strings' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The code without its comments (a comment may quote the text it explains). */
function code(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** English found inline in a source text. */
export function inlineEnglish(src: string): string[] {
  const text = code(src);
  return [
    ...text.matchAll(/>\s*([A-Za-z][^<>{}();=&|]*?)\s*</g),
    ...text.matchAll(
      /\b(?:aria-label|title|placeholder|alt|label|hint|text|submitLabel|confirmLabel)="([^"]*[A-Za-z][^"]*)"/g,
    ),
    ...text.matchAll(/['`]([A-Z][a-z]+(?: [a-z]+)+[^'`]*)['`]/g),
  ]
    .map((m) => m[1])
    .filter((s) => !ALLOWED.has(s));
}

describe('strings live in one file per language', () => {
  const files = sources(ROOT).map((f) => relative(ROOT, f));

  it('reads every component of the renderer', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(files).toContain('features/monitor/MonitorScreen.tsx');
    expect(files).toContain('features/predict/WhatIfField.tsx');
  });

  it('finds English where it is inline (so the check below can fail)', () => {
    expect(inlineEnglish('<h2>Per class</h2>')).toEqual(['Per class']);
    expect(inlineEnglish('<Dialog title="Delete it?" />')).toEqual(['Delete it?']);
    expect(inlineEnglish("const x = 'Training stops searching';")).toEqual(['Training stops searching']);
    expect(inlineEnglish('/** "Try a sample": a comment */ <p>{t.data.samples}</p>')).toEqual([]);
  });

  it.each(files)('%s has no English text inline', (file) => {
    expect(inlineEnglish(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });
});
