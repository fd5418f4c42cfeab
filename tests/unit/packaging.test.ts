// Packaging: the electron-builder configuration, the committed icons, and the decisions
// `npm run dist` takes before packaging. electron-builder itself never runs here.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';
import { condenseBuilderFailure, electronArchiveName, electronCacheRoots, findCachedArchive, preflight, targetsFromArgs } from '../../build/distPreflight.mjs';
import { resolveSeedsDir } from '../../src-main/library/seedsPath.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILD = join(ROOT, 'build');
const require = createRequire(import.meta.url);

function loadConfig(): Configuration {
  const path = require.resolve('../../build/electron-builder.config.cjs');
  delete require.cache[path];
  return require(path) as Configuration;
}
const config = loadConfig();

const targetNames = (target: unknown): string[] => (Array.isArray(target) ? target : [target]).map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `pizhu-pack-${prefix}-`));

describe('electron-builder configuration', () => {
  it('names the app and packs only the build output and package.json into an asar', () => {
    expect(config.appId).toMatch(/^[a-z][\w-]*(\.[a-z][\w-]*)+$/);
    expect(config.productName).toBe('Pizhu 批注');
    expect(config.asar).toBe(true);
    const files = config.files as string[];
    const included = files.filter((f) => !f.startsWith('!'));
    expect(included.slice(0, 2)).toEqual(['out/**', 'package.json']);
    // Beyond the build output only node_modules the main process loads at run time: the native watcher's.
    expect(included.slice(2).every((f) => f.startsWith('node_modules/'))).toBe(true);
    expect(files).toContain('!node_modules/**');
    // Earlier packages in out/dist must never end up inside the next one.
    expect(files).toContain('!out/dist/**');
  });

  it('ships the native watcher with what it requires at run time, its binary outside the asar', () => {
    const files = config.files as string[];
    const shipped = (name: string) => files.includes(`node_modules/${name}/**`);
    const watcher = JSON.parse(readFileSync(join(ROOT, 'node_modules/@parcel/watcher/package.json'), 'utf8')) as { dependencies: Record<string, string>; optionalDependencies: Record<string, string> };
    expect(shipped('@parcel/watcher')).toBe(true);
    for (const dep of Object.keys(watcher.dependencies)) if (dep !== 'node-addon-api') expect(shipped(dep), dep).toBe(true);
    const isGlob = JSON.parse(readFileSync(join(ROOT, 'node_modules/is-glob/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(isGlob.dependencies)) expect(shipped(dep), dep).toBe(true);
    // The platform binaries are optional packages named @parcel/watcher-<platform>-<arch>.
    expect(Object.keys(watcher.optionalDependencies).every((name) => name.startsWith('@parcel/watcher-'))).toBe(true);
    expect(shipped('@parcel/watcher-*')).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining([expect.stringMatching(/\.node$/)]));
  });

  it('lists what ships as dependencies, so `npm audit --omit=dev` sees it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const name of ['@parcel/watcher', 'chardet', 'iconv-lite', 'svelte', 'dexie', 'opencc-js']) expect(Object.keys(pkg.dependencies), name).toContain(name);
    for (const name of ['electron', 'vite', 'vitest', '@playwright/test', 'typescript']) expect(Object.keys(pkg.devDependencies), name).toContain(name);
  });

  it('writes packages to out/dist, which git ignores', () => {
    expect(config.directories?.output).toBe('out/dist');
    const ignored = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored.some((l) => l === 'out/' || l === 'out' || l === '/out/')).toBe(true);
  });

  it('sets every fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('targets AppImage and deb, dmg, nsis', () => {
    expect(targetNames(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
  });

  it('associates .txt and .md as a viewer, with MIME types for Linux', () => {
    const associations = Array.isArray(config.fileAssociations) ? config.fileAssociations : [config.fileAssociations!];
    const byExt = new Map(associations.map((a) => [String(a.ext), a]));
    expect([...byExt.keys()].sort()).toEqual(['md', 'txt']);
    expect(byExt.get('txt')).toMatchObject({ role: 'Viewer', mimeType: 'text/plain' });
    expect(byExt.get('md')).toMatchObject({ role: 'Viewer', mimeType: 'text/markdown' });
    for (const a of associations) {
      expect(a.name).toBeTruthy();
      expect(a.description).toBeTruthy();
    }
  });

  it('uses a local Electron only when dist hands one over', () => {
    expect(config.electronDist).toBeUndefined();
    process.env.PIZHU_ELECTRON_DIST = '/x/electron.zip';
    try {
      expect(loadConfig().electronDist).toBe('/x/electron.zip');
    } finally {
      delete process.env.PIZHU_ELECTRON_DIST;
    }
  });

  it('ships seeds/ as resources/seeds, where the packaged app looks for them', () => {
    const resources = config.extraResources as { from: string; to: string; filter?: string[] }[];
    expect(resources).toHaveLength(1);
    const [seeds] = resources;
    const from = join(ROOT, seeds.from);
    const articles = readdirSync(from).filter((n) => n.endsWith('.txt'));
    expect(articles.length).toBeGreaterThanOrEqual(5);
    // Lay out a resources folder the way electron-builder does and ask the app where its seeds are.
    const resourcesPath = tmp('resources');
    cpSync(from, join(resourcesPath, seeds.to), { recursive: true });
    const found = resolveSeedsDir({ isPackaged: true, resourcesPath, appRoot: join(resourcesPath, 'app.asar') });
    expect(found).toBe(join(resourcesPath, seeds.to));
    expect(readdirSync(found).filter((n) => n.endsWith('.txt')).sort()).toEqual(articles.sort());
  });

  it('points at icon files that exist', () => {
    expect(readdirSync(join(ROOT, config.linux!.icon as string))).toContain('512x512.png');
    expect(readFileSync(join(ROOT, config.mac!.icon as string)).toString('latin1', 0, 4)).toBe('icns');
    expect(readFileSync(join(ROOT, config.win!.icon as string)).readUInt16LE(2)).toBe(1);
  });

  it('is run by npm run dist', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; main: string };
    expect(pkg.scripts.dist).toBe('node build/dist.mjs');
    // The packaged app starts at package.json's main, which must lie inside the packed files.
    expect(pkg.main.startsWith('out/')).toBe(true);
  });
});

describe('icons', () => {
  const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

  it('has a PNG of every size, each really that size', () => {
    for (const size of SIZES) {
      expect(pngSize(readFileSync(join(BUILD, 'icons', `${size}x${size}.png`)))).toEqual({ width: size, height: size });
    }
  });

  it('has a Windows .ico listing 16 to 256 px, each entry a PNG of its stated size', () => {
    const ico = readFileSync(join(BUILD, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = 6 + 16 * i;
      const size = ico.readUInt8(at) || 256;
      expect(ico.readUInt8(at + 1) || 256).toBe(size);
      const length = ico.readUInt32LE(at + 8);
      const offset = ico.readUInt32LE(at + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual({ width: size, height: size });
      sizes.push(size);
    }
    expect(sizes.sort((a, b) => a - b)).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS .icns with every PNG type at its size', () => {
    const icns = readFileSync(join(BUILD, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found = new Map<string, number>();
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('latin1', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      expect(length).toBeGreaterThan(8);
      found.set(type, pngSize(icns.subarray(at + 8, at + length)).width);
      at += length;
    }
    expect(Object.fromEntries(found)).toEqual({
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    });
  });
});

describe('dist preflight', () => {
  const host = { platform: 'linux', arch: 'x64' };
  const version = '45.4.1';
  const noNetwork = async () => false;

  function fakeElectronPackage(distVersion: string | null): string {
    const dir = tmp('electron-pkg');
    if (distVersion) {
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist', 'version'), distVersion);
    }
    return dir;
  }

  it('reads the platforms and architectures from electron-builder flags', () => {
    expect(targetsFromArgs([], host)).toEqual([host]);
    expect(targetsFromArgs(['--linux', 'AppImage'], { platform: 'darwin', arch: 'arm64' })).toEqual([{ platform: 'linux', arch: 'arm64' }]);
    expect(targetsFromArgs(['-w', '--mac', '--arm64', '--x64'], host)).toEqual([
      { platform: 'win32', arch: 'arm64' },
      { platform: 'win32', arch: 'x64' },
      { platform: 'darwin', arch: 'arm64' },
      { platform: 'darwin', arch: 'x64' },
    ]);
  });

  it('knows the cache folders: ELECTRON_CACHE first, then the platform default', () => {
    expect(electronCacheRoots({ ELECTRON_CACHE: '/c' }, 'linux', '/home/u')).toEqual(['/c', '/home/u/.cache/electron']);
    expect(electronCacheRoots({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toEqual(['/x/electron']);
    expect(electronCacheRoots({}, 'darwin', '/Users/u')).toEqual(['/Users/u/Library/Caches/electron']);
  });

  it('finds an archive in a cache root or in its per-URL hash folder', () => {
    const name = electronArchiveName(version, host);
    expect(name).toBe('electron-v45.4.1-linux-x64.zip');
    const flat = tmp('cache-flat');
    writeFileSync(join(flat, name), 'zip');
    const hashed = tmp('cache-hashed');
    mkdirSync(join(hashed, 'a1b2c3'));
    writeFileSync(join(hashed, 'a1b2c3', name), 'zip');
    expect(findCachedArchive([flat], name)).toBe(join(flat, name));
    expect(findCachedArchive(['/does/not/exist', hashed], name)).toBe(join(hashed, 'a1b2c3', name));
    expect(findCachedArchive([hashed], 'electron-v45.4.1-win32-x64.zip')).toBeNull();
  });

  it('uses a cached archive without touching the network', async () => {
    const cache = tmp('cache');
    mkdirSync(join(cache, 'h'));
    writeFileSync(join(cache, 'h', electronArchiveName(version, host)), 'zip');
    const probed: string[] = [];
    const result = await preflight({ version, targets: [host], cacheRoots: [cache], electronPackageDir: fakeElectronPackage(null), host, env: {}, probe: async (url) => (probed.push(url), false) });
    expect(result).toEqual({ ok: true, electronDist: join(cache, 'h', 'electron-v45.4.1-linux-x64.zip'), sources: [{ target: host, kind: 'cache', path: join(cache, 'h', 'electron-v45.4.1-linux-x64.zip') }] });
    expect(probed).toEqual([]);
  });

  it('prefers an unpacked runtime of the same version for this machine', async () => {
    const pkg = fakeElectronPackage('45.4.1');
    const result = await preflight({ version, targets: [host], cacheRoots: [tmp('empty')], electronPackageDir: pkg, host, env: {}, probe: noNetwork });
    expect(result).toMatchObject({ ok: true, electronDist: join(pkg, 'dist') });
    // Another version, or another platform, cannot be used.
    const stale = await preflight({ version, targets: [host], cacheRoots: [], electronPackageDir: fakeElectronPackage('44.0.0'), host, env: {}, probe: noNetwork });
    expect(stale.ok).toBe(false);
    const cross = await preflight({ version, targets: [{ platform: 'win32', arch: 'x64' }], cacheRoots: [], electronPackageDir: pkg, host, env: {}, probe: noNetwork });
    expect(cross.ok).toBe(false);
  });

  it('lets electron-builder download when the archive answers', async () => {
    const probed: string[] = [];
    const result = await preflight({ version, targets: [host], cacheRoots: [tmp('empty')], electronPackageDir: fakeElectronPackage(null), host, env: { ELECTRON_MIRROR: 'https://mirror.test/electron' }, probe: async (url) => (probed.push(url), true) });
    expect(probed).toEqual(['https://mirror.test/electron/v45.4.1/electron-v45.4.1-linux-x64.zip']);
    expect(result).toMatchObject({ ok: true, electronDist: null, sources: [{ kind: 'download' }] });
  });

  it('stops with one line naming version, platform and where it looked, when offline with nothing cached', async () => {
    const cache = tmp('empty');
    const pkg = fakeElectronPackage(null);
    const result = await preflight({ version, targets: [host], cacheRoots: [cache], electronPackageDir: pkg, host, env: {}, probe: noNetwork });
    expect(result.ok).toBe(false);
    const message = (result as { message: string }).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toBe(`Pizhu dist: the Electron v45.4.1 archive for linux-x64 cannot be downloaded (offline?) and none is cached in ${cache}, ${join(pkg, 'dist')}; nothing was packaged.`);
  });

  it('hands over no electronDist when several targets are packaged at once', async () => {
    const cache = tmp('cache-two');
    for (const target of [host, { platform: 'win32', arch: 'x64' }]) writeFileSync(join(cache, electronArchiveName(version, target)), 'zip');
    const result = await preflight({ version, targets: targetsFromArgs(['--linux', '--win'], host), cacheRoots: [cache], electronPackageDir: null, host, env: {}, probe: noNetwork });
    expect(result).toMatchObject({ ok: true, electronDist: null });
    expect((result as { sources: unknown[] }).sources).toHaveLength(2);
  });
});

describe("condensing electron-builder's failures", () => {
  it('names the target whose tools could not be downloaded', () => {
    const output = [
      '  • building        target=AppImage arch=x64 file=out/dist/pizhu-0.1.0-linux-x86_64.AppImage',
      '  • electron uses desktopName … docs=https://www.electron.build/linux#window-association',
      '  ⨯ failed to build AppImage  error=getaddrinfo ENOTFOUND github.com',
      '  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com',
      '    at ClientRequest.<anonymous> (/x/node_modules/got/dist/source/core/index.js:970:111)',
    ].join('\n');
    expect(condenseBuilderFailure(output)).toBe('Pizhu dist: electron-builder could not download the tools to build AppImage (offline?): failed to build AppImage error=getaddrinfo ENOTFOUND github.com');
  });

  it('names the file when the failing line carries its URL', () => {
    const output = '\u001b[31m  ⨯ request to https://github.com/electron/electron/releases/download/v45.4.1/electron-v45.4.1-linux-x64.zip failed, reason: getaddrinfo EAI_AGAIN github.com\u001b[39m\n    at x (y.js:1:1)';
    expect(condenseBuilderFailure(output)).toMatch(/^Pizhu dist: electron-builder could not download electron-v45\.4\.1-linux-x64\.zip \(offline\?\): request to https/);
  });

  it('keeps other failures to their message, without the stack', () => {
    const output = '  ⨯ Please specify project homepage, see https://www.electron.build/configuration#metadata  failedTask=build stackTrace=Error: Please specify project homepage\n    at Foo (bar.js:1:1)';
    const line = condenseBuilderFailure(output);
    expect(line).toBe('Pizhu dist: electron-builder failed: Please specify project homepage, see https://www.electron.build/configuration#metadata');
    expect(condenseBuilderFailure('TypeError: boom\n    at a (b.js:1:1)\n')).toBe('Pizhu dist: electron-builder failed: TypeError: boom');
  });
});
