// The app:// protocol handler without Electron: index.ts hands it each request's URL, tests
// call it with hostile ones. Only GET on app://pizhu/… maps to a file of the built renderer;
// every answer, a 404 included, carries the CSP.
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY, contentTypeFor, lookupStatic } from './staticFiles.ts';

export const APP_ORIGIN = 'app://pizhu';

const SECURITY_HEADERS = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };

export async function serveAppRequest(rawUrl: string, method: string, rendererDir: string): Promise<Response> {
  const refuse = (status: number) => new Response('not found', { status, headers: SECURITY_HEADERS });
  if (method !== 'GET' || !rawUrl.startsWith(`${APP_ORIGIN}/`)) return refuse(404);
  // The raw path, not new URL(…).pathname: WHATWG parsing would quietly resolve encoded dot segments.
  const rawPath = rawUrl.slice(APP_ORIGIN.length).split(/[?#]/)[0];
  const found = await lookupStatic(rendererDir, rawPath);
  if (!found.ok) return refuse(found.status);
  const body = await readFile(found.file);
  return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(found.file) } });
}
