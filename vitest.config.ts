import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles the renderer's *.svelte.ts state classes (runes) for their tests.
  plugins: [svelte()],
  resolve: { conditions: ['browser'] },
  test: {
    include: ['tests/**/*.test.ts', 'src-*/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real ONNX sessions and SQLite files: two cores, so run files one after another.
    fileParallelism: false,
  },
});
