import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UPLOAD_CHUNK_BYTES } from '@shared/channels';
import { CodedError } from '@shared/errors';

/**
 * A name from the renderer made safe as one file name: no folders, no odd characters, bounded length. Letters and
 * digits of any script stay ("Körperfett.csv" is shown as the person named it, not "K_rperfett.csv").
 */
export function safeFileName(name: string, fallback = 'upload.csv'): string {
  const safe = basename(name.normalize('NFC'))
    .replace(/[^\p{L}\p{M}\p{N}_.\- ]+/gu, '_')
    .slice(0, 120);
  // `.` and `..` are folders, not names.
  return /^\.*$/.test(safe) ? fallback : safe;
}

/**
 * Base64 decoded strictly: null unless `text` is canonical base64 (Node's decoder skips characters it does not
 * know). Re-encoding and comparing is linear and ~10x faster than a validating regex on a 1.4 MB chunk.
 */
export function decodeBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

export interface UploadLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Uploads in progress at once. */
  maxOpen: number;
  /** An upload with no chunk for this long is dropped (its bytes deleted). */
  idleMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: Number(process.env.AUTOML_MAX_UPLOAD_MB ?? 4096) * 2 ** 20,
  maxOpen: 8,
  idleMs: 5 * 60_000,
};

interface Upload {
  name: string;
  path: string;
  size: number;
  received: number;
  file: FileHandle;
  /** One chunk at a time: the offset check and the write must not interleave. */
  busy: boolean;
  timer: NodeJS.Timeout;
}

const mb = (n: number) => `${Math.ceil(n / 2 ** 20)} MB`;

/**
 * Files sent from a browser tab, in bounded chunks straight to disk: `<dir>/<uploadId>/<safe name>`. Nothing is
 * held in memory beyond one chunk; the declared size is checked against the cap before a byte is written.
 * Files stay until the next launch (a failed import can be retried); then they go, as their handles died.
 */
export class Uploads {
  private readonly open = new Map<string, Upload>();
  /** Leftovers of an earlier launch go before the first upload of this one. */
  private cleared: Promise<void> | null = null;
  /** Begins between the limit check and their file being open. */
  private starting = 0;

  constructor(
    private readonly dir: string,
    private readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
  ) {}

  async begin(name: string, size: number): Promise<{ uploadId: string; chunkBytes: number }> {
    if (size > this.limits.maxBytes) {
      throw new CodedError(
        'dataset-too-large',
        `${basename(name)} is ${mb(size)}; files sent from a browser tab stop at ${mb(this.limits.maxBytes)}. Use the command line (npx automl run <file>) for bigger files.`,
      );
    }
    await (this.cleared ??= rm(this.dir, { recursive: true, force: true }));
    if (this.open.size + this.starting >= this.limits.maxOpen) {
      throw new CodedError('limit-exceeded', 'Too many uploads at once. Wait for one to finish, then try again.');
    }
    this.starting++;
    try {
      const uploadId = randomBytes(12).toString('hex');
      const folder = join(this.dir, uploadId);
      await mkdir(folder, { recursive: true });
      const path = join(folder, safeFileName(name));
      const file = await open(path, 'wx');
      const timer = this.idle(uploadId);
      this.open.set(uploadId, { name: basename(name), path, size, received: 0, file, busy: false, timer });
      return { uploadId, chunkBytes: UPLOAD_CHUNK_BYTES };
    } finally {
      this.starting--;
    }
  }

  async chunk(uploadId: string, offset: number, base64: string): Promise<{ received: number }> {
    const upload = this.get(uploadId);
    const bytes = decodeBase64(base64);
    if (!bytes) throw new CodedError('invalid-input', 'An upload chunk was not valid base64. Send the file again.');
    if (upload.busy) throw new CodedError('invalid-input', 'Send upload chunks one at a time, in order.');
    if (offset !== upload.received) {
      throw new CodedError('invalid-input', `Upload chunk at byte ${offset}; expected byte ${upload.received}.`);
    }
    if (bytes.length > UPLOAD_CHUNK_BYTES || upload.received + bytes.length > upload.size) {
      await this.abort(uploadId);
      throw new CodedError(
        'invalid-input',
        `${upload.name} sent more bytes than it announced; the upload was stopped.`,
      );
    }
    upload.busy = true;
    try {
      await upload.file.write(bytes, 0, bytes.length, offset);
      upload.received += bytes.length;
    } catch (err) {
      await this.abort(uploadId);
      throw new CodedError(
        'internal',
        `Could not save ${upload.name} (${diskReason(err)}). Free some disk space and try again.`,
      );
    } finally {
      upload.busy = false;
    }
    upload.timer.refresh();
    return { received: upload.received };
  }

  /** Closes a complete upload and returns where it is on disk (and the name the person knows it by). */
  async finish(uploadId: string): Promise<{ path: string; name: string }> {
    const upload = this.get(uploadId);
    if (upload.busy || upload.received !== upload.size) {
      throw new CodedError(
        'invalid-input',
        `${upload.name} is incomplete (${upload.received} of ${upload.size} bytes). Send the rest, or start again.`,
      );
    }
    this.open.delete(uploadId);
    clearTimeout(upload.timer);
    await upload.file.close();
    return { path: upload.path, name: upload.name };
  }

  async abort(uploadId: string): Promise<boolean> {
    const upload = this.open.get(uploadId);
    if (!upload) return false;
    this.open.delete(uploadId);
    clearTimeout(upload.timer);
    await upload.file.close().catch(() => undefined);
    await rm(join(upload.path, '..'), { recursive: true, force: true });
    return true;
  }

  /** Stops every upload in progress (the host is closing). */
  async abortAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.abort(id)));
  }

  private get(uploadId: string): Upload {
    const upload = this.open.get(uploadId);
    if (!upload) {
      throw new CodedError(
        'invalid-input',
        'That upload is not in progress (it finished, was stopped, or timed out). Send the file again.',
      );
    }
    return upload;
  }

  private idle(uploadId: string): NodeJS.Timeout {
    const timer = setTimeout(() => void this.abort(uploadId), this.limits.idleMs);
    timer.unref();
    return timer;
  }
}

function diskReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' ? 'the disk is full' : 'the disk refused the write';
}
