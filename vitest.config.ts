import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'src-renderer/**/*.test.ts', 'src-main/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
