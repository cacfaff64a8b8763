// Only the editor core, its built-in contributions and the YAML grammar are bundled: importing the
// package root would pull in every language and its worker (~7 MB).
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import './editor-features';
import {
  conf as yamlConf,
  language as yamlLanguage,
} from 'monaco-editor/esm/vs/basic-languages/yaml/yaml.js';
import { configureMonacoYaml, type JSONSchema, type MonacoYaml } from 'monaco-yaml';
import { monacoForYaml } from './legacy-web-worker';
import { installWorkerEnvironment } from './worker-environment';

/** YAML highlighting without the language service: diff views and files too large to analyse. */
export const PLAIN_YAML_LANGUAGE = 'yaml-plain';
export const YAML_LANGUAGE = 'yaml';
/** First path segment of every editor model URI; schemas are matched against it. */
export const MODEL_ROOT = 'gitops-desktop';
const KUBERNETES_SCHEMA_URI = 'gitops-desktop://schemas/kubernetes.json';

let yaml: MonacoYaml | undefined;

export function setupMonaco(): typeof monaco {
  if (yaml) return monaco;
  installWorkerEnvironment();
  yaml = configureMonacoYaml(monacoForYaml, {
    enableSchemaRequest: false,
    isKubernetes: true,
    completion: true,
    hover: true,
    validate: true,
    format: { enable: false },
    schemas: [],
  });
  monaco.languages.setMonarchTokensProvider(YAML_LANGUAGE, yamlLanguage);
  monaco.languages.register({ id: PLAIN_YAML_LANGUAGE });
  monaco.languages.setMonarchTokensProvider(PLAIN_YAML_LANGUAGE, yamlLanguage);
  monaco.languages.setLanguageConfiguration(PLAIN_YAML_LANGUAGE, yamlConf);
  stripYamlMarkerCodes();
  return monaco;
}

/**
 * The YAML service tags each marker with source "YAML" and code 0, which the hover prints as a
 * meaningless "YAML(0)" after every message. Its markers are re-set once without them (the second
 * change finds nothing to strip, so this never loops).
 */
function stripYamlMarkerCodes(): void {
  monaco.editor.onDidChangeMarkers((uris) => {
    for (const uri of uris) {
      const markers = monaco.editor.getModelMarkers({ owner: 'yaml', resource: uri });
      if (!markers.some((m) => m.code !== undefined || m.source !== undefined)) continue;
      const model = monaco.editor.getModel(uri);
      if (!model) continue;
      monaco.editor.setModelMarkers(
        model,
        'yaml',
        markers.map(({ code: _code, source: _source, owner: _owner, resource: _resource, ...rest }) => rest),
      );
    }
  });
}

let appliedSchema: JSONSchema | null = null;

/**
 * monaco-yaml holds one global configuration, so the last editor to pass schemas wins; the app
 * shows one cluster context at a time, so every editor passes the same object.
 */
export function applyKubernetesSchema(schema: JSONSchema | null): void {
  if (!yaml || schema === appliedSchema) return;
  appliedSchema = schema;
  void yaml.update({
    schemas: schema ? [{ uri: KUBERNETES_SCHEMA_URI, fileMatch: [`${MODEL_ROOT}/**`], schema }] : [],
  });
}

export type Monaco = typeof monaco;
