import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Unit tests only (the end-to-end suite has its own config). `WxtVitest` resolves `@/` paths
 * and replaces `wxt/browser` with WXT's fake browser. Pure modules run under Node; component
 * tests opt into happy-dom with a `// @vitest-environment happy-dom` comment at their top
 * (vitest 4 dropped `environmentMatchGlobs`).
 */
export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    globals: true,
    setupFiles: ['tests/unit/setup.ts'],
    restoreMocks: true,
  },
});
