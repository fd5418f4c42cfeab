import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { normalizePath, type Plugin } from 'vite';

// electron-vite only discovers src/main, src/preload and src/renderer by itself;
// our layout is fixed by the product card, so every entry is explicit.
// PIZHU_OUT_DIR lets parallel builds (and their e2e runs) keep out of each other's way.
const OUT = resolve(__dirname, process.env.PIZHU_OUT_DIR ?? 'out');

/**
 * The page's entry (main.ts) is small and loads the app's code with import(), so the listing is
 * asked for before that code has arrived and compiled. The browser is told of that code in the
 * page's head, so it fetches it alongside the entry, not after the entry has run.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'pizhu-preload-app-chunk',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        // The dev server has no bundle: it serves modules as they are asked for.
        if (!context.bundle) return [];
        const appModule = normalizePath(resolve(__dirname, 'src-renderer/app.ts'));
        const app = Object.values(context.bundle).find((output) => output.type === 'chunk' && output.isDynamicEntry && output.facadeModuleId === appModule);
        if (!app) throw new Error(`pizhu: no chunk of ${appModule} to name in the page's head`);
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${app.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(OUT, 'main'),
      // Runtime dependencies stay outside the bundle by default; the pure-JS decoders are
      // bundled so the packaged app needs no node_modules but the native file watcher's.
      externalizeDeps: { exclude: ['chardet', 'iconv-lite'] },
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(OUT, 'preload'),
      // A sandboxed preload can require nothing but electron: the host API table's schema library goes into the bundle.
      externalizeDeps: { exclude: ['valibot'] },
      // A sandboxed preload cannot load ES modules: one CommonJS bundle.
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [svelte(), preloadAppChunk()],
    resolve: {
      // The Markdown parser decodes entities with this package, whose browser build needs a
      // `document`: the search worker has none, so page and worker both use the table build.
      alias: [{ find: /^decode-named-character-reference$/, replacement: resolve(__dirname, 'node_modules/decode-named-character-reference/index.js') }],
    },
    build: {
      outDir: resolve(OUT, 'renderer'),
      // electron-vite leaves the renderer unminified. Minified, the first bundle is parsed in
      // less time before anything shows (1.5 MB of code less); PIZHU_READABLE_BUILD=1 keeps
      // the names for a CPU profile.
      minify: process.env.PIZHU_READABLE_BUILD !== '1',
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
