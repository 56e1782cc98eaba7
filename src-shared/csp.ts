/**
 * The renderer's Content-Security-Policy, sent by both hosts (Electron as a response header, the Node host on every
 * page): only our own scripts, no plugins, no <base>, no framing by anyone. `connect` adds sources the page may
 * talk to (the Node host's loopback WebSocket).
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    ["connect-src 'self'", ...connect].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
