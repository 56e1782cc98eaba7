import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute } from 'node:path';
import { DOWNLOAD_CHUNK_BYTES } from '@shared/channels';
import { CodedError } from '@shared/errors';
import { realPathOrNull } from '../files/confine';

const MIME: Record<string, string> = {
  '.zip': 'application/zip',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.html': 'text/html',
};

export interface DownloadLimits {
  /** Downloads in progress at once. */
  maxOpen: number;
  /** A download with no chunk asked for this long is closed. */
  idleMs: number;
}

const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = { maxOpen: 8, idleMs: 5 * 60_000 };

interface Download {
  name: string;
  size: number;
  sent: number;
  file: FileHandle;
  /** One chunk at a time: the offset check and the read must not interleave. */
  busy: boolean;
  timer: NodeJS.Timeout;
}

/**
 * Files the app wrote (an export, a predictions file), sent to a browser tab for a download in bounded chunks, in
 * order (the mirror of Uploads): memory stays at one chunk on both sides, progress is exact and the page can stop.
 * Served only from a folder the file manager may show (`openableFolder`: the app's data folder, folders of files
 * written where the person asked), after resolving links, so a page cannot read anything else on the machine. The
 * file is opened once: a file replaced while it downloads is still sent whole, as it was when the download began.
 */
export class Downloads {
  private readonly open = new Map<string, Download>();

  constructor(
    private readonly openableFolder: (folder: string) => Promise<string | null>,
    private readonly limits: DownloadLimits = DEFAULT_DOWNLOAD_LIMITS,
  ) {}

  async begin(
    path: string,
  ): Promise<{ downloadId: string; name: string; mime: string; size: number; chunkBytes: number }> {
    const notServed = new CodedError(
      'file-not-found',
      `${basename(path)} is not a file this app wrote, or it is gone. Export or predict again.`,
    );
    const real = isAbsolute(path) ? await realPathOrNull(path) : null;
    if (!real || !(await this.openableFolder(dirname(real)))) throw notServed;
    if (this.open.size >= this.limits.maxOpen) {
      throw new CodedError('limit-exceeded', 'Too many downloads at once. Wait for one to finish, then try again.');
    }
    const file = await open(real, 'r').catch(() => null);
    if (!file) throw notServed;
    const info = await file.stat();
    if (!info.isFile()) {
      await file.close();
      throw notServed;
    }
    const downloadId = randomBytes(12).toString('hex');
    const name = basename(real);
    this.open.set(downloadId, { name, size: info.size, sent: 0, file, busy: false, timer: this.idle(downloadId) });
    const mime = MIME[extname(real).toLowerCase()] ?? 'application/octet-stream';
    return { downloadId, name, mime, size: info.size, chunkBytes: DOWNLOAD_CHUNK_BYTES };
  }

  /** The bytes from `offset` (the bytes sent so far), at most one chunk; the last one closes the download. */
  async chunk(downloadId: string, offset: number): Promise<{ base64: string; sent: number }> {
    const download = this.get(downloadId);
    if (download.busy) throw new CodedError('invalid-input', 'Ask for download chunks one at a time, in order.');
    if (offset !== download.sent) {
      throw new CodedError('invalid-input', `Download chunk at byte ${offset}; expected byte ${download.sent}.`);
    }
    const want = Math.min(DOWNLOAD_CHUNK_BYTES, download.size - offset);
    const bytes = Buffer.alloc(want);
    download.busy = true;
    try {
      const { bytesRead } = await download.file.read(bytes, 0, want, offset);
      if (bytesRead !== want) throw new Error('short read');
    } catch {
      await this.end(downloadId);
      throw new CodedError(
        'file-not-found',
        `${download.name} changed or went while it was downloading. Export or predict again, then download it.`,
      );
    } finally {
      download.busy = false;
    }
    download.sent += want;
    download.timer.refresh();
    if (download.sent === download.size) await this.end(downloadId);
    return { base64: bytes.toString('base64'), sent: download.sent };
  }

  /** Stops a download (the page cancelled it); false when it was not in progress. */
  async end(downloadId: string): Promise<boolean> {
    const download = this.open.get(downloadId);
    if (!download) return false;
    this.open.delete(downloadId);
    clearTimeout(download.timer);
    await download.file.close().catch(() => undefined);
    return true;
  }

  /** Closes every download in progress (the host is closing). */
  async endAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.end(id)));
  }

  private get(downloadId: string): Download {
    const download = this.open.get(downloadId);
    if (!download) {
      throw new CodedError(
        'invalid-input',
        'That download is not in progress (it finished, was stopped, or timed out). Download the file again.',
      );
    }
    return download;
  }

  private idle(downloadId: string): NodeJS.Timeout {
    const timer = setTimeout(() => void this.end(downloadId), this.limits.idleMs);
    timer.unref();
    return timer;
  }
}
