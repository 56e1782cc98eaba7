import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { CodedError } from '@shared/errors';
import { extractZipSafely, type UnzipLimits } from '../util/safe-unzip';
import { findCredentials, type KaggleCredentials } from './credentials';

export type { KaggleCredentials } from './credentials';

export const KAGGLE_API = 'https://www.kaggle.com/api/v1';

/** One search hit, as Kaggle's datasets/list returns it (fields Kaggle may omit are optional). */
export interface KaggleDataset {
  /** "owner/dataset", the handle used to list and download. */
  ref: string;
  title: string;
  subtitle?: string;
  totalBytes?: number;
  lastUpdated?: string;
  downloadCount?: number;
  voteCount?: number;
  usabilityRating?: number;
  url?: string;
}

export interface KaggleFile {
  name: string;
  totalBytes?: number;
  creationDate?: string;
}

export interface DownloadOptions {
  /** Bytes received so far and the total when the server said it; called at most every ~100 ms plus once at the end. */
  onProgress?: (received: number, total: number | null) => void;
  signal?: AbortSignal;
  unzipLimits?: UnzipLimits;
}

const REF = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Kaggle's public REST API (v1) with HTTP basic auth: search, list files, download with progress. */
export class KaggleClient {
  private readonly baseUrl: string;
  private readonly auth: string;

  /** A client from KAGGLE_USERNAME/KAGGLE_KEY or kaggle.json; null when no credentials are set up. */
  static fromEnvironment(
    opts: { baseUrl?: string; configDir?: string; env?: NodeJS.ProcessEnv } = {},
  ): KaggleClient | null {
    const creds = findCredentials(opts);
    return creds ? new KaggleClient(creds, { baseUrl: opts.baseUrl }) : null;
  }

  constructor(
    private readonly creds: KaggleCredentials,
    opts: { baseUrl?: string } = {},
  ) {
    this.baseUrl = (opts.baseUrl ?? KAGGLE_API).replace(/\/+$/, '');
    this.auth = `Basic ${Buffer.from(`${creds.username}:${creds.key}`).toString('base64')}`;
  }

  async searchDatasets(
    query: string,
    opts: { page?: number; sortBy?: 'hottest' | 'votes' | 'updated' | 'active'; signal?: AbortSignal } = {},
  ): Promise<KaggleDataset[]> {
    const params = new URLSearchParams({ search: query, page: String(opts.page ?? 1) });
    if (opts.sortBy) params.set('sortBy', opts.sortBy);
    const res = await this.request(`/datasets/list?${params}`, opts.signal, `search for "${query}"`);
    const body = (await res.json()) as unknown;
    if (!Array.isArray(body))
      throw new CodedError(
        'kaggle-network',
        'Kaggle answered the search with something other than a list. Try again later.',
      );
    return body
      .filter(
        (d): d is Record<string, unknown> =>
          typeof d === 'object' && d !== null && typeof (d as { ref?: unknown }).ref === 'string',
      )
      .map((d) => ({
        ref: String(d.ref),
        title: String(d.title ?? d.ref),
        ...pick(d, ['subtitle', 'lastUpdated', 'url'], 'string'),
        ...pick(d, ['totalBytes', 'downloadCount', 'voteCount', 'usabilityRating'], 'number'),
      }));
  }

  async listFiles(ref: string, opts: { signal?: AbortSignal } = {}): Promise<KaggleFile[]> {
    const res = await this.request(`/datasets/list/${checkRef(ref)}`, opts.signal, `list the files of ${ref}`);
    const body = (await res.json()) as { datasetFiles?: Array<Record<string, unknown>> };
    return (body.datasetFiles ?? []).map((f) => ({
      name: String(f.name),
      ...pick(f, ['totalBytes'], 'number'),
      ...pick(f, ['creationDate'], 'string'),
    }));
  }

  /**
   * Downloads a dataset into `destDir/<dataset>/`: streamed to a `.part` file (never held in
   * memory), then unzipped safely. A cut connection, a failure or a cancel leaves no partial file behind (the
   * dataset's folder goes too when this download made it). `files` are absolute paths of everything written.
   */
  async download(ref: string, destDir: string, opts: DownloadOptions = {}): Promise<{ dir: string; files: string[] }> {
    const slug = checkRef(ref).split('/')[1];
    const dir = join(destDir, slug);
    const made = await mkdir(dir, { recursive: true });
    try {
      const files = await this.fetchInto(ref, destDir, slug, dir, opts);
      if (opts.signal?.aborted) throw new CodedError('cancelled', `The download of ${ref} was cancelled.`);
      return { dir, files: files.map((f) => resolve(dir, f)) };
    } catch (err) {
      if (made) await rm(made, { recursive: true, force: true });
      throw err;
    }
  }

  private async fetchInto(
    ref: string,
    destDir: string,
    slug: string,
    dir: string,
    opts: DownloadOptions,
  ): Promise<string[]> {
    const res = await this.request(`/datasets/download/${ref}`, opts.signal, `download ${ref}`);
    const lengthHeader = res.headers.get('content-length');
    const total = lengthHeader && !res.headers.get('content-encoding') ? Number(lengthHeader) : null;
    const part = join(destDir, `${slug}.download.part`);
    let received = 0;
    let lastReport = 0;
    const out = createWriteStream(part);
    try {
      if (!res.body) throw new Error('empty response body');
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        received += chunk.length;
        if (!out.write(chunk)) await once(out, 'drain');
        const now = Date.now();
        if (opts.onProgress && now - lastReport >= 100) {
          lastReport = now;
          opts.onProgress(received, total);
        }
      }
      out.end();
      await once(out, 'close');
      // With content-encoding the length is of the compressed body; only compare plain bodies.
      if (total !== null && !res.headers.get('content-encoding') && received !== total)
        throw new Error(`received ${received} of ${total} bytes`);
    } catch (err) {
      // Closed before it is removed: a stream still opening its file would create it again after the removal.
      if (!out.closed) {
        const closed = once(out, 'close').catch(() => undefined);
        out.destroy();
        await closed;
      }
      await rm(part, { force: true });
      if (opts.signal?.aborted) throw new CodedError('cancelled', `The download of ${ref} was cancelled.`);
      const size = total !== null ? ` of ${total}` : '';
      throw new CodedError(
        'kaggle-network',
        `The download of ${ref} was interrupted after ${received}${size} bytes (${describe(err)}). Check your connection and try again.`,
        { received, total },
      );
    }
    opts.onProgress?.(received, total);
    try {
      return await this.unpack(part, dir, res, opts.unzipLimits);
    } finally {
      await rm(part, { force: true });
    }
  }

  /** Unzips a zip download, or keeps a single raw file under the name the server gave. */
  private async unpack(part: string, dir: string, res: Response, limits?: UnzipLimits): Promise<string[]> {
    const fh = await open(part, 'r');
    const magic = Buffer.alloc(4);
    await fh.read(magic, 0, 4, 0);
    await fh.close();
    if (magic.toString('latin1', 0, 2) === 'PK') {
      try {
        return await extractZipSafely(part, dir, limits);
      } finally {
        await rm(part, { force: true });
      }
    }
    const disposition = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '');
    const name =
      (disposition ? decodeURIComponent(disposition[1]) : 'data').replace(/[/\\]/g, '_').replace(/^\.+/, '') || 'data';
    await rename(part, join(dir, name));
    return [name];
  }

  private async request(path: string, signal: AbortSignal | undefined, what: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        headers: { Authorization: this.auth, Accept: 'application/json' },
        signal,
        redirect: 'follow',
      });
    } catch (err) {
      if (signal?.aborted) throw new CodedError('cancelled', `Kaggle request cancelled (${what}).`);
      throw new CodedError(
        'kaggle-network',
        `Could not reach Kaggle to ${what} (${describe(err)}). Check your internet connection.`,
      );
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    const detail = text.slice(0, 200).replace(/\s+/g, ' ').trim();
    if (res.status === 401 || res.status === 403) {
      throw new CodedError(
        'kaggle-auth',
        `Kaggle refused the credentials of '${this.creds.username}' (HTTP ${res.status}) when trying to ${what}. Check ~/.kaggle/kaggle.json or KAGGLE_USERNAME/KAGGLE_KEY, or create a new API token at kaggle.com → Settings → API.`,
        { status: res.status },
      );
    }
    if (res.status === 404)
      throw new CodedError(
        'invalid-input',
        `Kaggle has no dataset for that request (${what}, HTTP 404). Check the owner/dataset name.`,
        { status: 404 },
      );
    if (res.status === 429)
      throw new CodedError(
        'kaggle-network',
        `Kaggle is rate-limiting requests (HTTP 429). Wait a minute and try again.`,
        { status: 429 },
      );
    throw new CodedError(
      'kaggle-network',
      `Kaggle answered HTTP ${res.status} when trying to ${what}${detail ? `: ${detail}` : ''}. Try again later.`,
      { status: res.status },
    );
  }
}

function checkRef(ref: string): string {
  if (!REF.test(ref) || ref.split('/').some((part) => /^\.+$/.test(part)))
    throw new CodedError(
      'invalid-id',
      `'${ref}' is not a Kaggle dataset reference. Use owner/dataset, e.g. uciml/iris.`,
    );
  return ref;
}

function describe(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ') || String(err);
}

function pick(
  obj: Record<string, unknown>,
  keys: string[],
  type: 'string' | 'number',
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const k of keys) if (typeof obj[k] === type) out[k] = obj[k] as string | number;
  return out;
}
