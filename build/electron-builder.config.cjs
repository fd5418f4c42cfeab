// electron-builder configuration, used by `npm run dist` (build/dist.mjs). CommonJS because
// electron-builder loads its config with require().
//
// The app is what electron-vite built into out/ plus package.json (its "main" points at
// out/main/index.js; the renderer bundles its own dependencies); the only node_modules that
// ship are the native file watcher's.
// The bundled articles stay outside the asar as plain files: src-main/library/seedsPath.ts
// looks for them in <resources>/seeds when packaged.

/**
 * The one runtime dependency the main process loads from node_modules: the native file
 * watcher (src-main/library/treeWatcher.ts), its platform binary and its JavaScript deps.
 */
// node-addon-api is only the headers its binary was built with.
const WATCHER_MODULES = ['@parcel/watcher', '@parcel/watcher-*', 'detect-libc', 'is-glob', 'is-extglob', 'picomatch'];

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.pizhu.reader',
  productName: 'Pizhu 批注',
  // A plain ASCII name for binaries, the deb package and the Linux desktop entry.
  executableName: 'pizhu',
  artifactName: 'pizhu-${version}-${os}-${arch}.${ext}',
  directories: { output: 'out/dist', buildResources: 'build' },
  files: ['out/**', '!out/dist/**', 'package.json', '!node_modules/**', ...WATCHER_MODULES.map((name) => `node_modules/${name}/**`)],
  // A native module is loaded from a real file, not from inside the asar.
  asarUnpack: ['node_modules/@parcel/watcher*/**/*.node'],
  asar: true,
  // Set by build/dist.mjs when an Electron runtime is at hand locally (offline builds).
  electronDist: process.env.PIZHU_ELECTRON_DIST || undefined,
  extraResources: [{ from: 'seeds', to: 'seeds', filter: ['**/*'] }],

  // Flipped in the Electron binary at package time (before signing): no ELECTRON_RUN_AS_NODE,
  // NODE_OPTIONS or --inspect backdoors into a user's copy, cookies encrypted at rest, and
  // code loaded only from an integrity-checked app.asar. The app is served from app://,
  // so file:// needs no extra privileges.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },

  // Double-clicking an article opens it (src-main/openFileArgs.ts picks it from argv or
  // macOS's open-file event). Pizhu reads, it never writes articles: Viewer.
  fileAssociations: [
    { ext: 'txt', name: 'Plain-text article', description: 'Plain-text article (.txt)', role: 'Viewer', mimeType: 'text/plain' },
    { ext: 'md', name: 'Markdown article', description: 'Markdown article (.md)', role: 'Viewer', mimeType: 'text/markdown' },
  ],

  // Electron takes the window's app_id / WM_CLASS from desktopName, so running windows group under the desktop entry.
  extraMetadata: { desktopName: 'pizhu.desktop' },
  linux: {
    target: ['AppImage', 'deb'],
    syncDesktopName: true,
    icon: 'build/icons',
    category: 'Office',
    synopsis: 'Reader for Chinese plain-text articles',
    maintainer: 'Pizhu 批注 maintainers',
    desktop: { entry: { Name: 'Pizhu 批注', 'Name[zh_CN]': '批注', 'Name[zh_TW]': '批註', Keywords: 'reader;annotation;Chinese;批注;' } },
  },
  mac: {
    target: ['dmg'],
    icon: 'build/icon.icns',
    category: 'public.app-category.productivity',
  },
  win: {
    target: ['nsis'],
    icon: 'build/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
};
