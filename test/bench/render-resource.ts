import { crdGroup, kinds, type KindName } from './manifest-kinds';

export const generationAnnotation = `${crdGroup}/generation`;

export interface BenchResource {
  /** Position in the app; 0 is the CRD. */
  index: number;
  kindName: KindName;
  name: string;
  /** File holding it, relative to the repository root, POSIX separators. */
  file: string;
  /** Bumped by every edit, so an edit always changes what the server would hold. */
  generation: number;
  /** Pods a Deployment asks for; 0 unless the app was generated with running Deployments. */
  replicas?: number;
}

/**
 * One YAML document for a resource. Deployments ask for 0 replicas unless told otherwise: the
 * shared test cluster has 220 pod slots for everyone, and an apply costs the API server the same
 * either way. Services are headless because the test cluster's service range is a /24.
 */
export function renderResource(r: BenchResource): string {
  const k = kinds[r.kindName];
  const head = `apiVersion: ${k.apiVersion}\nkind: ${k.kind}\nmetadata:\n  name: ${r.name}\n`;
  const component = r.name.replace(/-(config|env|credentials|reader|a|b)$/, '');
  const meta =
    `  labels:\n    app.kubernetes.io/name: ${component}\n    app.kubernetes.io/part-of: bench\n` +
    `  annotations:\n    ${generationAnnotation}: "${r.generation}"\n`;
  switch (r.kindName) {
    case 'crd':
      return crd();
    case 'deployment':
      return (
        head +
        meta +
        `spec:\n  replicas: ${r.replicas ?? 0}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${component}\n` +
        `  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ${component}\n    spec:\n` +
        `      serviceAccountName: ${component}\n      containers:\n        - name: app\n` +
        `          image: registry.example.com/${component}:1.4.2\n          ports:\n            - containerPort: 8080\n` +
        `          envFrom:\n            - configMapRef:\n                name: ${component}-env\n` +
        `          resources:\n            requests:\n              cpu: 10m\n              memory: 32Mi\n`
      );
    case 'service':
      return (
        head +
        meta +
        `spec:\n  clusterIP: None\n  selector:\n    app.kubernetes.io/name: ${component}\n` +
        `  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n`
      );
    case 'configMap':
      return r.name.endsWith('-env')
        ? head + meta + `data:\n  LOG_LEVEL: info\n  PORT: "8080"\n  FEATURE_FLAGS: "search,export"\n`
        : head +
            meta +
            `data:\n  app.yaml: |\n    server:\n      port: 8080\n      timeout: 30s\n    cache:\n      size: 128\n`;
    case 'secret':
      return head + meta + `type: Opaque\ndata:\n  username: YXBw\n  password: czNjcjN0LXZhbHVl\n`;
    case 'serviceAccount':
      return head + meta;
    case 'role':
      return (
        head +
        meta +
        `rules:\n  - apiGroups: [""]\n    resources: ["configmaps", "secrets"]\n    resourceNames: ["${component}-config", "${component}-credentials"]\n    verbs: ["get", "watch"]\n`
      );
    case 'roleBinding':
      return (
        head +
        meta +
        `roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ${component}-reader\n` +
        `subjects:\n  - kind: ServiceAccount\n    name: ${component}\n`
      );
    case 'widget':
      return (
        head + meta + `spec:\n  size: ${r.name.endsWith('-a') ? 'small' : 'large'}\n  owner: ${component}\n`
      );
  }
}

function crd(): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${crdGroup}
  annotations:
    ${generationAnnotation}: "0"
spec:
  group: ${crdGroup}
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size:
                  type: string
                owner:
                  type: string
`;
}

/** A file's content: its resources as one multi-document YAML. */
export function renderFile(resources: readonly BenchResource[]): string {
  return resources.map(renderResource).join('---\n');
}
