import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import { isRecord, type KubeObject } from '../cluster/kube-object';

const group = 'admissionregistration.k8s.io';
/** Where each kind keeps its rules: webhooks list theirs per webhook, policies in matchConstraints. */
const hookKinds: { kind: string; rules: (o: KubeObject) => unknown[] | undefined }[] = [
  { kind: 'MutatingWebhookConfiguration', rules: webhookRules },
  { kind: 'ValidatingWebhookConfiguration', rules: webhookRules },
  { kind: 'MutatingAdmissionPolicy', rules: policyRules },
  { kind: 'ValidatingAdmissionPolicy', rules: policyRules },
];

/**
 * Whether something besides the API server's own rules may change or refuse a write of this
 * resource type: an admission webhook or policy of the cluster whose rules could match it. True
 * when that cannot be told (the lists are not readable): only then is a dry run's answer
 * predictable from the object alone. Read from watched lists, so kept current at no cost per call.
 */
export async function admissionMayIntervene(conn: ClusterConnection, target: ApiResource): Promise<boolean> {
  for (const { kind, rules } of hookKinds) {
    let info: ApiResource | undefined;
    try {
      info = await conn.discovery.find(group, kind);
      if (!info) continue;
      await conn.live.ensure(info, '');
    } catch {
      return true;
    }
    if (conn.live.error(info, '')) return true;
    for (const hook of conn.live.list(info, '')) {
      const list = rules(hook);
      if (!list || list.some((r) => mayMatch(r, target))) return true;
    }
  }
  return false;
}

function webhookRules(o: KubeObject): unknown[] | undefined {
  if (!Array.isArray(o.webhooks)) return [];
  const out: unknown[] = [];
  for (const w of o.webhooks) {
    if (!isRecord(w) || !Array.isArray(w.rules)) return undefined;
    out.push(...(w.rules as unknown[]));
  }
  return out;
}

function policyRules(o: KubeObject): unknown[] | undefined {
  const spec = isRecord(o.spec) ? o.spec : {};
  const constraints = isRecord(spec.matchConstraints) ? spec.matchConstraints : undefined;
  return constraints && Array.isArray(constraints.resourceRules)
    ? (constraints.resourceRules as unknown[])
    : undefined;
}

/** A rule that names the type's group and resource, or a wildcard for either; unreadable counts. */
function mayMatch(rule: unknown, target: ApiResource): boolean {
  if (!isRecord(rule) || !Array.isArray(rule.apiGroups) || !Array.isArray(rule.resources)) return true;
  const groups = rule.apiGroups as unknown[];
  const resources = rule.resources as unknown[];
  const groupMatches = groups.some((g) => g === '*' || g === target.group);
  const resourceMatches = resources.some(
    (r) => typeof r !== 'string' || r === '*' || r.startsWith('*/') || r.split('/')[0] === target.resource,
  );
  return groupMatches && resourceMatches;
}
