import { COMMANDS, matchesAccelerator } from '@shared/commands';
import { useEffect } from 'react';
import { getApi } from '../../lib/api';
import { isMac } from '../../lib/platform';
import { runCommand } from './run-command';

/** True when a key press belongs to a text box (a bare `?` is a character there, not a command). */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

/**
 * The app's shortcuts in the page. Under Electron the native menu owns them (only page-only ones like `?` are
 * bound here); in a browser tab the page binds them all (the browser keeps a few, like Ctrl+N, for itself).
 */
export function useShortcuts(): void {
  useEffect(() => {
    const electron = getApi()?.host === 'electron';
    const mac = isMac();
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      for (const command of COMMANDS) {
        if (!command.accelerator || (electron && !command.pageOnly)) continue;
        if (!matchesAccelerator(e, command.accelerator, mac)) continue;
        // A bare key is text inside a text box; a chord works everywhere.
        if (!/CmdOrCtrl|Alt/.test(command.accelerator) && typing(e.target)) return;
        e.preventDefault();
        void runCommand(command.id);
        return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
