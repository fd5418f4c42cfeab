import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  plugins: [svelte({ configFile: resolve(import.meta.dirname, '../src-renderer/svelte.config.js') })],
  test: {
    include: ['tests/unit/**/*.test.ts', 'src-renderer/**/*.test.ts', 'src-main/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
