import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Cookies are scoped to a host, not to a port: two browser-mode servers on 127.0.0.1 would
 * overwrite each other's session cookie, and signing in to one would sign the other tab out. The
 * port in the name keeps each server's session its own.
 */
export function sessionCookieName(port: number): string {
  return `gd_session_${port}`;
}

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison that does not leak the secret's length through early exits. */
export function secretsEqual(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The server answers only to its own address: a Host header naming any other name (DNS
 * rebinding) or an Origin from another site is refused before anything else is looked at.
 */
export class OriginPolicy {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  constructor(port: number) {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([...this.hosts].map((h) => `http://${h}`));
  }
  hostAllowed(req: IncomingMessage): boolean {
    return typeof req.headers.host === 'string' && this.hosts.has(req.headers.host.toLowerCase());
  }
  /** Browsers always send Origin on WebSocket upgrades; a missing one is not a browser we serve. */
  originAllowed(req: IncomingMessage, required: boolean): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return !required;
    return this.origins.has(origin.toLowerCase());
  }
}
