/**
 * The kinds a generated app is made of, with what a plain HTTP client needs to address them
 * (the floor client has no discovery, on purpose: it is the lower bound, not a product).
 */
export interface BenchKind {
  kind: string;
  apiVersion: string;
  /** Plural resource name in the URL. */
  resource: string;
  namespaced: boolean;
}

export const crdGroup = 'bench.gitops-desktop.dev';

export const kinds = {
  crd: {
    kind: 'CustomResourceDefinition',
    apiVersion: 'apiextensions.k8s.io/v1',
    resource: 'customresourcedefinitions',
    namespaced: false,
  },
  deployment: { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployments', namespaced: true },
  service: { kind: 'Service', apiVersion: 'v1', resource: 'services', namespaced: true },
  configMap: { kind: 'ConfigMap', apiVersion: 'v1', resource: 'configmaps', namespaced: true },
  secret: { kind: 'Secret', apiVersion: 'v1', resource: 'secrets', namespaced: true },
  serviceAccount: { kind: 'ServiceAccount', apiVersion: 'v1', resource: 'serviceaccounts', namespaced: true },
  role: { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'roles', namespaced: true },
  roleBinding: {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    resource: 'rolebindings',
    namespaced: true,
  },
  widget: { kind: 'Widget', apiVersion: `${crdGroup}/v1`, resource: 'widgets', namespaced: true },
} satisfies Record<string, BenchKind>;

export type KindName = keyof typeof kinds;

/** One component of a realistic app: a workload with its config, identity and two custom resources. */
export const componentKinds: readonly KindName[] = [
  'deployment',
  'service',
  'configMap',
  'configMap',
  'secret',
  'serviceAccount',
  'role',
  'roleBinding',
  'widget',
  'widget',
];

/** URL path of one object, for a server-side apply PATCH. */
export function objectPath(k: BenchKind, namespace: string, name: string): string {
  const base = k.apiVersion.includes('/') ? `/apis/${k.apiVersion}` : `/api/${k.apiVersion}`;
  return k.namespaced
    ? `${base}/namespaces/${namespace}/${k.resource}/${name}`
    : `${base}/${k.resource}/${name}`;
}
