import type { ResourceKey } from './model';

// Argo CD's kind order (gitops-engine sync ordering); kinds not listed go after all of these.
const kindOrder = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

const builtinGroups = new Set([
  '',
  'apps',
  'batch',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'autoscaling',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
]);

/** Position of a kind in the apply order; a custom kind that borrows a built-in name is "other". */
export function kindRank(key: Pick<ResourceKey, 'group' | 'kind'>): number {
  const i = kindOrder.indexOf(key.kind);
  return i >= 0 && builtinGroups.has(key.group) ? i : kindOrder.length;
}
