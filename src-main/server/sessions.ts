import { randomSecret, secretsEqual } from './auth';

/**
 * Who may use the API. Three secrets, each with one job:
 * - a sign-in token, printed in the URL's fragment (never sent to a server, never in history);
 *   it is good for one exchange only;
 * - a per-tab secret returned by that exchange, which the page keeps in sessionStorage (scoped to
 *   this exact origin, port included) and sends as the first WebSocket message;
 * - an HttpOnly cookie binding the tab's secret to the browser profile that signed in. Cookies
 *   ignore ports, so the cookie alone opens nothing.
 *
 * Every exchange creates a fresh session. Tabs of one browser share its cookie jar, so a new
 * exchange from a browser that already holds a cookie rotates that cookie for all its sessions
 * instead of locking the older tabs out.
 */
export interface Session {
  secret: string;
  binding: Binding;
}

interface Binding {
  cookie: string;
}

/** Unused sign-in tokens kept at once: each `--new-url` adds one, the oldest goes first. */
const maxTokens = 16;
/** Sessions kept at once (one per signed-in tab); the oldest is forgotten first. */
const maxSessions = 64;

export class SessionStore {
  private readonly tokens: string[] = [];
  private readonly sessions: Session[] = [];

  /** A new one-time sign-in token. */
  issueToken(token: string = randomSecret()): string {
    this.tokens.push(token);
    if (this.tokens.length > maxTokens) this.tokens.shift();
    return token;
  }

  /**
   * Trades a sign-in token for a new session; null when the token is unknown or already used.
   * `cookie` is the session cookie the browser sent, if any.
   */
  exchange(token: unknown, cookie: string | undefined): { secret: string; cookie: string } | null {
    if (typeof token !== 'string') return null;
    const index = this.tokens.findIndex((t) => secretsEqual(token, t));
    if (index === -1) return null;
    this.tokens.splice(index, 1);
    const known = this.findBinding(cookie);
    const binding = known ?? { cookie: '' };
    binding.cookie = randomSecret();
    const session: Session = { secret: randomSecret(), binding };
    this.sessions.push(session);
    if (this.sessions.length > maxSessions) this.sessions.shift();
    return { secret: session.secret, cookie: binding.cookie };
  }

  /** True when the cookie belongs to a live session: the minimum for a WebSocket upgrade. */
  cookieKnown(cookie: string | undefined): boolean {
    return this.findBinding(cookie) !== null;
  }

  /** The session for this tab secret, only when it was issued to the browser holding `cookie`. */
  verify(cookie: string | undefined, secret: unknown): Session | null {
    if (typeof cookie !== 'string' || typeof secret !== 'string') return null;
    let found: Session | null = null;
    // Every session is compared, so the time taken says nothing about which one matched.
    for (const session of this.sessions) {
      const secretOk = secretsEqual(secret, session.secret);
      const cookieOk = secretsEqual(cookie, session.binding.cookie);
      if (secretOk && cookieOk) found = session;
    }
    return found;
  }

  private findBinding(cookie: string | undefined): Binding | null {
    if (typeof cookie !== 'string') return null;
    let found: Binding | null = null;
    for (const session of this.sessions) {
      if (secretsEqual(cookie, session.binding.cookie)) found = session.binding;
    }
    return found;
  }
}
