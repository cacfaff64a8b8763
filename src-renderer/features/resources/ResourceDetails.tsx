import { useState } from 'react';
import type { CompareWith, ResourceState } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { HealthBadge, SyncBadge } from '../../components/Badge';
import { ResourceDiffView } from '../diff/ResourceDiffView';
import { EventsList } from '../events/EventsList';
import { LogsPanel } from '../logs/LogsPanel';

interface Props {
  appId: string;
  resource: ResourceState;
  compareWith: CompareWith;
  theme: 'light' | 'dark';
  revision: string;
  onClose(): void;
}

type Tab = 'diff' | 'events' | 'logs';

export function ResourceDetails({ appId, resource, compareWith, theme, revision, onClose }: Props) {
  const [tab, setTab] = useState<Tab>('diff');
  const hasLogs = hasPodLogs(resource);
  const current = tab === 'logs' && !hasLogs ? 'diff' : tab;
  const tabs: { id: Tab; label: string }[] = [
    { id: 'diff', label: 'Diff' },
    { id: 'events', label: 'Events' },
    ...(hasLogs ? [{ id: 'logs' as const, label: 'Logs' }] : []),
  ];
  return (
    <section className="resource-details" aria-label={`Details of ${describeKey(resource.key)}`}>
      <div className="details-header">
        <strong className="details-title">{describeKey(resource.key)}</strong>
        <SyncBadge status={resource.sync} reason={resource.syncReason} />
        <HealthBadge status={resource.health} reason={resource.healthReason} />
        {resource.info && <span className="resource-info">{resource.info}</span>}
        <span className="spacer" />
        <div role="tablist" aria-label="Resource details" className="tabs">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={current === t.id}
              className={current === t.id ? 'active' : undefined}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <button type="button" className="icon-button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      {(resource.syncReason || resource.healthReason) && (
        <p className="details-reason">
          {[resource.syncReason, resource.healthReason].filter(Boolean).join(' · ')}
        </p>
      )}
      <div role="tabpanel" aria-label={tabs.find((t) => t.id === current)?.label} className="details-body">
        {current === 'diff' && (
          <ResourceDiffView
            appId={appId}
            resource={resource}
            compareWith={compareWith}
            theme={theme}
            revision={revision}
          />
        )}
        {current === 'events' && <EventsList appId={appId} resource={resource} />}
        {current === 'logs' && <LogsPanel appId={appId} resource={resource} />}
      </div>
    </section>
  );
}

/** Pods, and the workloads whose Pods are followed together (like `kubectl logs -l`). */
function hasPodLogs(r: ResourceState): boolean {
  if (r.key.group === '' && r.key.kind === 'Pod') return true;
  return (
    (r.key.group === 'apps' &&
      ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(r.key.kind)) ||
    (r.key.group === 'batch' && r.key.kind === 'Job')
  );
}
