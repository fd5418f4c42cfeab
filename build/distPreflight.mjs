// Before `npm run dist` builds anything: can electron-builder get an Electron runtime for
// the target? An unpacked runtime in node_modules/electron/dist (same platform and
// version) or a cached archive is handed over as `electronDist`; otherwise the archive must
// be downloadable. Offline with nothing cached, dist stops with one line instead of
// electron-builder's stack trace. Also condenses electron-builder's own failures.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PLATFORM_FLAGS = { '--linux': 'linux', '-l': 'linux', '--mac': 'darwin', '--macos': 'darwin', '-m': 'darwin', '-o': 'darwin', '--win': 'win32', '--windows': 'win32', '-w': 'win32' };
const ARCH_FLAGS = { '--x64': 'x64', '--ia32': 'ia32', '--arm64': 'arm64', '--armv7l': 'armv7l', '--universal': 'universal' };
const PLATFORM_LABEL = { linux: 'linux', darwin: 'darwin', win32: 'win32' };

/** The platforms and architectures electron-builder will package for, from its CLI flags. */
export function targetsFromArgs(args, host) {
  const platforms = [...new Set(args.map((a) => PLATFORM_FLAGS[a]).filter(Boolean))];
  const archs = [...new Set(args.map((a) => ARCH_FLAGS[a]).filter(Boolean))];
  const useArchs = archs.length > 0 ? archs : [host.arch];
  return (platforms.length > 0 ? platforms : [host.platform]).flatMap((platform) => useArchs.map((arch) => ({ platform, arch })));
}

export function electronArchiveName(version, { platform, arch }) {
  return `electron-v${version}-${PLATFORM_LABEL[platform] ?? platform}-${arch}.zip`;
}

/** Where @electron/get (and so electron-builder) keeps downloaded archives, most specific first. */
export function electronCacheRoots(env, platform, home = homedir()) {
  const fallback =
    platform === 'darwin'
      ? join(home, 'Library', 'Caches', 'electron')
      : platform === 'win32'
        ? join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'electron', 'Cache')
        : join(env.XDG_CACHE_HOME || join(home, '.cache'), 'electron');
  return [...new Set([env.ELECTRON_CACHE, env.electron_config_cache, fallback].filter(Boolean))];
}

/** The archive in a cache root itself (old layout) or in one of its per-URL hash folders (@electron/get ≥ 2). */
export function findCachedArchive(roots, fileName) {
  for (const root of roots) {
    if (isFile(join(root, fileName))) return join(root, fileName);
    let names;
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const candidate = join(root, name, fileName);
      if (isFile(candidate)) return candidate;
    }
  }
  return null;
}

/** node_modules/electron/dist when it holds this very version for this platform and architecture. */
export function findLocalRuntime(electronPackageDir, version, target, host) {
  if (!electronPackageDir || target.platform !== host.platform || target.arch !== host.arch) return null;
  const dist = join(electronPackageDir, 'dist');
  try {
    return readFileSync(join(dist, 'version'), 'utf8').trim().replace(/^v/, '') === version ? dist : null;
  } catch {
    return null;
  }
}

export function electronDownloadUrl(version, target, env) {
  const mirror = env.ELECTRON_MIRROR || 'https://github.com/electron/electron/releases/download/';
  const dir = env.ELECTRON_CUSTOM_DIR ? env.ELECTRON_CUSTOM_DIR.replace('{{ version }}', version) : `v${version}`;
  return `${mirror.endsWith('/') ? mirror : `${mirror}/`}${dir}/${electronArchiveName(version, target)}`;
}

/**
 * What to do for each target: use a local runtime or cached archive (offline-safe), let
 * electron-builder download (the archive answered the probe), or stop with one line.
 * `probe(url)` resolves true when the URL is reachable; tests pass a fake.
 * Returns { ok: true, electronDist, sources } or { ok: false, message }.
 */
export async function preflight({ version, targets, cacheRoots, electronPackageDir, host, env, probe }) {
  const sources = [];
  for (const target of targets) {
    const local = findLocalRuntime(electronPackageDir, version, target, host);
    if (local) {
      sources.push({ target, kind: 'local', path: local });
      continue;
    }
    const cached = findCachedArchive(cacheRoots, electronArchiveName(version, target));
    if (cached) {
      sources.push({ target, kind: 'cache', path: cached });
      continue;
    }
    const url = electronDownloadUrl(version, target, env);
    if (await probe(url)) {
      sources.push({ target, kind: 'download', path: url });
      continue;
    }
    const searched = [...cacheRoots, ...(electronPackageDir ? [join(electronPackageDir, 'dist')] : [])];
    return {
      ok: false,
      message: `Pizhu dist: the Electron v${version} archive for ${PLATFORM_LABEL[target.platform] ?? target.platform}-${target.arch} cannot be downloaded (offline?) and none is cached in ${searched.join(', ')}; nothing was packaged.`,
    };
  }
  // electronDist is one path for the whole run: usable only when a single target has a local copy.
  const electronDist = sources.length === 1 && sources[0].kind !== 'download' ? sources[0].path : null;
  return { ok: true, electronDist, sources };
}

const NETWORK_ERROR = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b|getaddrinfo|socket hang up|net::ERR_|request timed out/i;

/**
 * One line out of electron-builder's failure output (its ⨯ line, else the last Error),
 * naming the file it could not download when the cause is the network.
 */
export function condenseBuilderFailure(output) {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const marked = lines.find((l) => l.startsWith('⨯'));
  const errorLine = marked ?? [...lines].reverse().find((l) => /^(\w*Error|Error)\b|^error\b/i.test(l)) ?? lines.at(-1) ?? 'no output';
  const reason = errorLine
    .replace(/^⨯\s*/, '')
    .replace(/\s+failedTask=.*$/, '')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
  if (NETWORK_ERROR.test(output)) {
    // The URL on a line that failed names the file; else the target being built names the tools.
    const failedUrl = lines.filter((l) => NETWORK_ERROR.test(l)).map((l) => /https?:\/\/[^\s"'<>)]+/.exec(l)?.[0]).find(Boolean);
    const target = [...lines].reverse().map((l) => /^•\s*building\s+target=(\S+)/.exec(l)?.[1]).find(Boolean);
    const what = failedUrl
      ? decodeURIComponent(failedUrl.split(/[?#]/)[0].split('/').pop() || failedUrl)
      : target
        ? `the tools to build ${target}`
        : 'a file it needs';
    return `Pizhu dist: electron-builder could not download ${what} (offline?): ${reason}`;
  }
  return `Pizhu dist: electron-builder failed: ${reason}`;
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** True when the URL answers (any status below 400, redirects followed) within `timeoutMs`. */
export async function probeUrl(url, timeoutMs = 5000) {
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    return response.status < 400;
  } catch {
    return false;
  }
}
