import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src-*/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real ONNX sessions and SQLite files: two cores, so run files one after another.
    fileParallelism: false,
  },
});
