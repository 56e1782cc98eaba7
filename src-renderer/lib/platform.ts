/** True on macOS (shortcuts read ⌘ there, Ctrl elsewhere). */
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
