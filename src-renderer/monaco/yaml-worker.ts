// Re-exported from our own file so Vite bundles the worker as a module of this app (see the
// monaco-yaml FAQ: importing the package file directly with `?worker` breaks its foreign module).
import 'monaco-yaml/yaml.worker.js';
