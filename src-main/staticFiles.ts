// Serving the built renderer safely, for both the app:// protocol and the web host:
// a request path maps to a file under the renderer folder or to nothing.
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/**
 * The one Content-Security-Policy both hosts send with every response. Everything starts
 * closed (default-src 'none') and each kind of resource the renderer really loads is opened
 * to the app's own origin only: no remote content, no eval, no inline script, no plugins,
 * no frames in or out, no <base> or form tricks. Inline styles stay: Svelte sets style
 * attributes for layout, and a style cannot run code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // The search worker (src-renderer/workers) is a bundled module served from the app itself.
  "worker-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "media-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup = { ok: true; file: string; size: number; mtimeMs: number } | { ok: false; status: 400 | 404 };

/**
 * How long the browser may keep a file. Vite names built assets by their content hash
 * (`assets/index-B2oIAi6T.js`), so such a name never changes what it names: kept a year and
 * never asked for again, which also lets Chromium reuse its compiled code on the next start.
 * Everything else (index.html, which names the assets) is asked for every time, and answered
 * 304 when unchanged.
 */
export function cacheControlFor(rawPath: string): string {
  return /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.(js|css|woff2?|png|svg)$/.test(rawPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** A validator for If-None-Match: the file's size and modification time. */
export function etagFor(found: { size: number; mtimeMs: number }): string {
  return `W/"${found.size.toString(36)}-${Math.trunc(found.mtimeMs).toString(36)}"`;
}

/**
 * `rawPath` is the path part of the request URL exactly as sent (still percent-encoded).
 * Encoded separators, NUL, backslashes and dot segments are refused before any file-system
 * access; the real path must then still lie inside the renderer folder (symlinks included).
 * `/` is index.html; any other folder is 404: there is no directory listing.
 */
export async function lookupStatic(rendererDir: string, rawPath: string): Promise<StaticLookup> {
  if (!rawPath.startsWith('/') || rawPath.includes('\\') || /%(2f|5c|00)/i.test(rawPath)) return { ok: false, status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..')) return { ok: false, status: 400 };
  if (decoded === '/') segments.splice(0, 1, 'index.html');
  if (segments.some((s) => s === '')) return { ok: false, status: 404 };
  try {
    const root = await realpath(rendererDir);
    const file = await realpath(join(root, ...segments));
    if (!file.startsWith(root + sep)) return { ok: false, status: 404 };
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, status: 404 };
    return { ok: true, file, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return { ok: false, status: 404 };
  }
}
