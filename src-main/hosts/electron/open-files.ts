import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { AppCommand } from '@shared/commands';
import { COMMAND_CHANNEL } from '@shared/commands';
import type { FileGrants } from '../../services/files/file-grants';
import { openedKind } from '../../services/files/opened-kind';

/**
 * Files named on a command line (a launch from the file manager, or a second launch forwarded by the
 * single-instance lock): everything after the app's own arguments that is not a flag, resolved against `cwd`.
 * `own` is how many leading arguments belong to Electron itself (1 packaged, 2 for `electron .`).
 */
export function filesFromArgv(argv: readonly string[], cwd: string, own: number): string[] {
  return argv
    .slice(own)
    .filter((a) => a.length > 0 && !a.startsWith('-'))
    .map((a) => (isAbsolute(a) ? a : resolve(cwd, a)));
}

/** Where commands go: the window's page (a WebContents has these). */
export interface CommandTarget {
  send(channel: string, payload: AppCommand): void;
  isDestroyed(): boolean;
  once(event: 'did-finish-load', listener: () => void): unknown;
}

/**
 * Commands for the page, held until it has loaded (a file opened at launch arrives before the window exists).
 * The page holds them again until its start-up (reopening the last project) is done.
 */
export class CommandOutbox {
  private queue: AppCommand[] = [];
  private target: CommandTarget | null = null;

  /** A window's page will show: deliver to it once it has loaded. */
  attach(target: CommandTarget): void {
    this.target = null;
    target.once('did-finish-load', () => {
      this.target = target;
      for (const command of this.queue.splice(0)) this.send(command);
    });
  }

  send(command: AppCommand): void {
    if (this.target && !this.target.isDestroyed()) this.target.send(COMMAND_CHANNEL, command);
    else this.queue.push(command);
  }
}

/**
 * Opens files the person chose outside the page (menu dialog, file manager, second launch, macOS open-file):
 * each existing one becomes a handle, joins the OS recent documents, and goes to the page as data or a bundle.
 * Paths that do not exist are skipped (a stale recent entry or a stray argument).
 */
export async function openPaths(
  paths: readonly string[],
  deps: { files: FileGrants; addRecent: (path: string) => void; outbox: CommandOutbox },
): Promise<number> {
  let opened = 0;
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    if (info.isDirectory()) deps.files.allowFolder(path);
    const file = deps.files.grant(path, 'read');
    const kind = info.isDirectory() ? 'data' : await openedKind(path);
    deps.addRecent(path);
    deps.outbox.send({ id: 'file.open', file, kind });
    opened++;
  }
  return opened;
}
