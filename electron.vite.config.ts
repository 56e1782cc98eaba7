import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const alias = { '@shared': resolve(__dirname, 'src-shared') };

/**
 * `electron-vite dev` only: the React plugin injects an inline preamble and HMR talks over a socket, which the
 * strict production CSP in index.html refuses. Builds keep the strict policy.
 */
const devCsp = {
  name: 'automl-dev-csp',
  apply: 'serve' as const,
  transformIndexHtml: (html: string) =>
    html.replace(
      "default-src 'self';",
      "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self' ws://localhost:* ws://127.0.0.1:*;",
    ),
};

/**
 * Main-side entries share one build: the Electron host (index), the Node host (serve),
 * the CLI and the trainer worker. Only `index` may import `electron`.
 */
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/hosts/electron/index.ts'),
          serve: resolve(__dirname, 'src-main/hosts/node/serve.ts'),
          cli: resolve(__dirname, 'src-main/cli/index.ts'),
          trainer: resolve(__dirname, 'src-main/workers/trainer.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'src-preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: { alias },
    plugins: [react(), devCsp],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
