import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Main is built as ESM because @kubernetes/client-node is ESM-only; the preload stays one CommonJS
// file because a sandboxed preload cannot load modules.
export default defineConfig({
  main: {
    build: {
      // Dependencies stay external and load from node_modules at run time, deep imports too:
      // src-main/core/cluster/kube-config.ts imports '@kubernetes/client-node/dist/config_types.js'
      // and its exec and file auth modules rather than the package, whose index loads the whole
      // generated API client (~70 MB resident) that the core never uses. The package has no
      // "exports" map, so those paths resolve. An upgrade that adds one (or moves the files) would
      // break them at run time, not in this build: test/unit/core/cluster/kube-config.test.ts
      // imports the same paths and compares the result with client-node's KubeConfig.
      externalizeDeps: true,
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          serve: resolve(__dirname, 'src-main/server/cli.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but electron: bundle every dependency into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: 'esbuild',
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
