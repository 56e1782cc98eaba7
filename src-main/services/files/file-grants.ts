import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { FileRef } from '@shared/channels';
import { CodedError } from '@shared/errors';
import { isInside, realPathOrNull } from './confine';

/** `read`: a file or folder the person chose, dropped, opened or uploaded. `write`: a save location they chose. */
export type GrantKind = 'read' | 'write';

/** Oldest grants are forgotten past this many (a session hands over far fewer; this only bounds memory). */
const MAX_GRANTS = 10_000;

/**
 * The paths the person handed to the app in this launch. The renderer gets a random handle for each and sends
 * back only the handle, so a page can never name a file by itself. Also knows which folders may be shown in the
 * file manager: the app's own data folder, folders of files written where the person asked, and folders chosen.
 */
export class FileGrants {
  private readonly grants = new Map<string, { path: string; kind: GrantKind }>();
  private readonly folders = new Set<string>();

  constructor(private readonly appRoot: string) {}

  /**
   * Registers a path the person chose (an absolute path from a dialog, a drop, the OS or an upload). An upload's
   * copy lives in the app's folder: its `name` is the one the person knows and it gets no `location`.
   */
  grant(path: string, kind: GrantKind, upload?: { name: string }): FileRef {
    if (!isAbsolute(path)) throw new CodedError('invalid-input', 'The app needs the full location of that file.');
    const handle = randomBytes(16).toString('hex');
    const full = resolve(path);
    this.grants.set(handle, { path: full, kind });
    if (this.grants.size > MAX_GRANTS) this.grants.delete(this.grants.keys().next().value as string);
    return upload ? { handle, name: upload.name } : { handle, name: basename(full), location: full };
  }

  /** The path behind a handle of one of `kinds`; a coded error (what to do) when there is none. */
  path(handle: string, kinds: readonly GrantKind[]): string {
    const found = this.grants.get(handle);
    if (!found || !kinds.includes(found.kind)) {
      throw new CodedError(
        'invalid-input',
        'That file is no longer available to the app (files are handed over again after a restart). Choose it again.',
      );
    }
    return found.path;
  }

  /** A folder the person chose, or the folder of a file the app wrote where they asked: may be shown later. */
  allowFolder(folder: string): void {
    this.folders.add(resolve(folder));
  }

  /** The folder of a file the app wrote at the person's request (an export to a chosen place). */
  noteWritten(file: string): void {
    this.allowFolder(dirname(file));
  }

  /**
   * `candidate` resolved (symlinks followed) when it is an existing folder the file manager may show: inside the
   * app's data folder, or one allowed above. Null for anything else (files included: opening a file would run its
   * default program).
   */
  async openableFolder(candidate: string): Promise<string | null> {
    if (!isAbsolute(candidate)) return null;
    const real = await realPathOrNull(candidate);
    if (!real) return null;
    const info = await stat(real).catch(() => null);
    if (!info?.isDirectory()) return null;
    const root = await realPathOrNull(this.appRoot);
    if (root && isInside(root, real)) return real;
    for (const folder of this.folders) {
      const allowed = await realPathOrNull(folder);
      if (allowed && allowed === real) return real;
    }
    return null;
  }
}
