const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for an http(s) URL on this computer: the only place a local language model may be reached. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK.has(u.hostname);
  } catch {
    return false;
  }
}
