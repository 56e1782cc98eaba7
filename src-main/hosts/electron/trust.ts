/** What the check reads of a frame (Electron's WebFrameMain has both). */
export interface FrameLike {
  url: string;
  /** Null for a window's top frame. */
  parent: unknown;
}

/** A URL without its query and fragment, for comparing where a frame is. */
function page(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

/**
 * True when an IPC message comes from our own page: the top frame of a window, showing the renderer we loaded
 * (`rendererUrl`: the built index.html as a file URL, or the dev server). An iframe, a navigated page or a frame
 * that is already gone is refused.
 */
export function isTrustedFrame(frame: FrameLike | null, rendererUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  const expected = page(rendererUrl);
  return expected !== null && page(frame.url) === expected;
}

export function isTrustedSender(event: { senderFrame: FrameLike | null }, rendererUrl: string): boolean {
  return isTrustedFrame(event.senderFrame, rendererUrl);
}
