import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CodedError } from '@shared/errors';
import { isUtf8, readTextHead, transcodeToUtf8, type TextHead } from '../ingest/encoding';
import { EXCEL_SEP_LINE } from '../ingest/sniff-dialect';

/** A table file DuckDB's CSV reader reads as it stands, and how to remove it when it is a copy. */
export interface ReadableText {
  path: string;
  remove(): Promise<void>;
  /** A coded error about the copy, told of the person's own file (its message names the copy's path). */
  own(err: unknown): unknown;
  /** The head of the person's file when it was read to decide (a text table), for the caller's own judgements of
   * it (decimal commas), so the file's head is read once. */
  head?: TextHead;
}

const TEXT_TABLE = /\.(csv|tsv|txt)(\.gz)?$/i;

/**
 * A file to score (or of outcomes) as DuckDB's CSV reader can read it. A text table the app imports but DuckDB
 * does not read as it stands (Windows-1252 or UTF-16/32 text, as German Excel saves it; an Excel "sep=;" first
 * line) is copied, streamed, to UTF-8 without that line, under its own name in a fresh temporary folder; any other
 * file (UTF-8 text, Parquet, JSON, a folder, a missing path) is returned as it is, for the reader to judge.
 */
export async function readableText(path: string, signal?: AbortSignal): Promise<ReadableText> {
  const same: ReadableText = { path, remove: async () => undefined, own: (err) => err };
  if (!TEXT_TABLE.test(path)) return same;
  const info = await stat(path).catch(() => null);
  if (!info?.isFile() || info.size === 0) return same;
  const head = await readTextHead(path).catch(() => null);
  if (!head) return same;
  const { gzip, encoding } = head;
  const sepLine = EXCEL_SEP_LINE.test(head.text);
  if (isUtf8(encoding) && !sepLine) return { ...same, head };
  const dir = await mkdtemp(join(tmpdir(), 'automl-readable-'));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const copy = join(dir, basename(path).replace(/\.gz$/i, ''));
  try {
    await transcodeToUtf8(path, gzip, encoding, copy, signal, sepLine);
  } catch (err) {
    await remove();
    throw err;
  }
  const own = (err: unknown): unknown =>
    err instanceof CodedError && err.message.includes(copy)
      ? new CodedError(err.code, err.message.split(copy).join(path), { ...err.detail, path })
      : err;
  return { path: copy, remove, own, head };
}
