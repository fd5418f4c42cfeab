// Who may use the web host. The URL it prints carries a one-time sign-in code, spent the
// moment the browser opens it: the host answers with an HttpOnly, SameSite=Strict session
// cookie and sends the browser on to `/`. No reusable secret is ever in a URL, so none
// reaches the browser's history or its saved session, and page scripts cannot read the
// cookie. A second browser (or the same one after a restart) needs a fresh code: the
// command line prints one on request.
//
// Cookies do not tell ports apart, so the names carry the port (two hosts, two sessions),
// and API requests that a browser marks as coming from another site, other ports of
// 127.0.0.1 included, are refused before the cookie is looked at.
//
// Programs (tests, scripts) may send the per-run token as `X-Pizhu-Token` instead; the
// token is never printed.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SECRET_BYTES = 32;

function secret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookie values from a Cookie header, by name; a repeated name keeps every value. */
export function parseCookies(header: string | undefined): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    found.set(name, [...(found.get(name) ?? []), value]);
  }
  return found;
}

export class WebSessions {
  /** For programs, as the X-Pizhu-Token header; never printed, never in a URL. */
  readonly token = secret();
  private readonly codes = new Set<string>();
  private readonly sessions = new Set<string>();

  constructor(private readonly port: () => number) {}

  get cookieName(): string {
    return `pizhu-session-${this.port()}`;
  }

  /** Readable by the page (it holds no secret): tells it, before any request, that it was signed in. */
  get markerName(): string {
    return `pizhu-signed-in-${this.port()}`;
  }

  /** A code good for one sign-in. */
  issueCode(): string {
    const code = secret();
    this.codes.add(code);
    return code;
  }

  /** Spends `code`; returns the Set-Cookie values of a new session, or null for a code unknown or spent. */
  exchange(code: string | null): string[] | null {
    if (code === null) return null;
    let found: string | null = null;
    for (const known of this.codes) if (sameSecret(code, known)) found = known;
    if (found === null) return null;
    this.codes.delete(found);
    const session = secret();
    this.sessions.add(session);
    return [`${this.cookieName}=${session}; Path=/; HttpOnly; SameSite=Strict`, `${this.markerName}=1; Path=/; SameSite=Strict`];
  }

  /** A browser may only ask from our own origin (Sec-Fetch-Site); then the session cookie, or the token header, admits it. */
  check(req: IncomingMessage): 'ok' | 'cross-site' | 'unauthorized' {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'cross-site';
    const header = req.headers['x-pizhu-token'];
    if (typeof header === 'string' && sameSecret(header, this.token)) return 'ok';
    for (const value of parseCookies(req.headers.cookie).get(this.cookieName) ?? []) {
      for (const session of this.sessions) if (sameSecret(value, session)) return 'ok';
    }
    return 'unauthorized';
  }
}
