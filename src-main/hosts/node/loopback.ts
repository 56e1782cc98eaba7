/** Host names a loopback server answers to. Anything else in `Host` is a rebinding attempt (or a proxy). */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when a `Host` header names this loopback server: a loopback name and our port. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+):(\d{1,5})$/i.exec(host.trim());
  if (!m) return false;
  return LOOPBACK_NAMES.has(m[1].toLowerCase()) && Number(m[2]) === port;
}

/**
 * True when a WebSocket `Origin` is our own page: `http://` plus a loopback `Host` of ours. Browsers always send
 * Origin; a client without one (a script on this machine) still needs the token.
 */
export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const m = /^http:\/\/(.+)$/.exec(origin);
  return m !== null && isLoopbackHost(m[1], port);
}
