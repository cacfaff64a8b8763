import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ResourceState } from '../../../src-shared/model';
import { useCommands } from '../../commands/CommandsProvider';
import { Badge, HealthBadge, SyncBadge } from '../../components/Badge';
import { displaySync } from '../../state/status';
import {
  ancestorsOf,
  buildForest,
  filterResources,
  flattenTree,
  groupByKind,
  isFilterActive,
  noFilter,
  type ResourceFilter,
  type TreeRow,
} from './resource-tree';

interface Props {
  resources: ResourceState[];
  selectedId: string | null;
  onSelect(resource: ResourceState): void;
}

const rowHeight = 26;

// The name holds the row's visible text in the same order (kind, name, sync, health, facts), so
// speech-input users can say what they see.
function rowLabel(row: TreeRow): string {
  if (row.type === 'group')
    return `${row.group.kind} (${row.group.nodes.length}), ${displaySync(row.group.sync)}, ${row.group.health}`;
  const r = row.node.resource;
  const sync = r.hook ? `${r.hook} hook` : displaySync(r.sync);
  return `${r.key.kind} ${r.key.name}, ${sync}, ${r.health}${r.info ? `, ${r.info}` : ''}`;
}

/** The app's resources grouped by kind, owners above what they own; only visible rows are in the DOM. */
export function ResourceTree({ resources: all, selectedId, onSelect }: Props) {
  const [filter, setFilter] = useState<ResourceFilter>(noFilter);
  const filterRef = useRef<HTMLInputElement>(null);
  useCommands({ 'resources.filter': () => filterRef.current?.focus() });
  const resources = useMemo(() => filterResources(all, filter), [all, filter]);
  const groups = useMemo(() => groupByKind(buildForest(resources)), [resources]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => flattenTree(groups, collapsed), [groups, collapsed]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const scrolledTo = useRef<string | null>(null);
  const baseId = useId();
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  // Selecting from elsewhere (the editor) expands down to the resource and scrolls it into view.
  useEffect(() => {
    if (!selectedId) return;
    const hidden = ancestorsOf(resources, selectedId).filter((id) => collapsed.has(id));
    const kind = resources.find((r) => r.id === selectedId)?.key.kind;
    if (hidden.length || (kind && collapsed.has(`kind:${kind}`))) {
      setCollapsed((cur) => {
        const next = new Set(cur);
        for (const id of hidden) next.delete(id);
        if (kind) next.delete(`kind:${kind}`);
        return next;
      });
      return;
    }
    // Scroll once per new selection, not on every live update while the user browses.
    if (scrolledTo.current === selectedId) return;
    const index = rows.findIndex((r) => r.key === selectedId);
    if (index >= 0) {
      scrolledTo.current = selectedId;
      virtualizer.scrollToIndex(index, { align: 'auto' });
    }
  }, [selectedId, resources, rows, collapsed, virtualizer]);

  const toggle = (key: string, open?: boolean) =>
    setCollapsed((cur) => {
      const next = new Set(cur);
      if (open ?? next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const activeKey = focusKey ?? selectedId ?? rows[0]?.key ?? null;
  const focusIndex = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    setFocusKey(row.key);
    virtualizer.scrollToIndex(rows.indexOf(row));
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(row.key)}"]`)?.focus(),
    );
  };

  const activate = (row: TreeRow) => {
    setFocusKey(row.key);
    if (row.type === 'group') toggle(row.key);
    else onSelect(row.node.resource);
  };

  const onKeyDown = (e: React.KeyboardEvent, row: TreeRow, index: number) => {
    const expandable = row.type === 'group' || row.hasChildren;
    if (e.key === 'ArrowDown') focusIndex(index + 1);
    else if (e.key === 'ArrowUp') focusIndex(index - 1);
    else if (e.key === 'Home') focusIndex(0);
    else if (e.key === 'End') focusIndex(rows.length - 1);
    else if (e.key === 'ArrowRight' && expandable) toggle(row.key, true);
    else if (e.key === 'ArrowLeft' && expandable && row.expanded) toggle(row.key, false);
    else if (e.key === 'Enter' || e.key === ' ') activate(row);
    else return;
    e.preventDefault();
  };

  if (all.length === 0) return <div className="pane-empty">No resources in this app yet.</div>;

  const filtering = isFilterActive(filter);
  const matched = filtering ? resources.length : all.length;
  return (
    <div className="resource-tree-host">
      <div className="tree-filter" role="search" aria-label="Filter resources">
        <input
          ref={filterRef}
          type="search"
          aria-label="Filter resources by name or kind"
          placeholder="Filter by name or kind"
          value={filter.text}
          spellCheck={false}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter.text) {
              e.stopPropagation();
              setFilter({ ...filter, text: '' });
            }
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={filter.outOfSyncOnly}
            onChange={(e) => setFilter({ ...filter, outOfSyncOnly: e.target.checked })}
          />
          Out of sync only
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filter.unhealthyOnly}
            onChange={(e) => setFilter({ ...filter, unhealthyOnly: e.target.checked })}
          />
          Unhealthy only
        </label>
        <span className="muted tree-filter-count" role="status">
          {filtering ? `${matched} of ${all.length}` : ''}
        </span>
      </div>
      {filtering && resources.length === 0 ? (
        <div className="pane-empty">
          No resource matches the filter.{' '}
          <button type="button" className="link-button" onClick={() => setFilter(noFilter)}>
            Clear the filter
          </button>
        </div>
      ) : (
        <div className="resource-tree-scroll" ref={scrollRef}>
          <div
            role="tree"
            aria-label="Resources"
            className="resource-tree"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              const selected = row.type === 'resource' && row.key === selectedId;
              const r = row.type === 'resource' ? row.node.resource : null;
              const expandable = row.type === 'group' || row.hasChildren;
              // The same refusal often explains both badges: say it once.
              const reason = r ? [...new Set([r.syncReason, r.healthReason].filter(Boolean))].join('; ') : '';
              const reasonId = reason ? `${baseId}-reason-${item.index}` : undefined;
              return (
                <div
                  key={row.key}
                  data-key={row.key}
                  role="treeitem"
                  aria-level={row.level}
                  aria-label={rowLabel(row)}
                  aria-selected={selected}
                  aria-expanded={expandable ? row.expanded : undefined}
                  aria-describedby={reasonId}
                  title={reason || undefined}
                  aria-setsize={rows.length}
                  aria-posinset={item.index + 1}
                  tabIndex={row.key === activeKey ? 0 : -1}
                  className={`resource-row ${row.type === 'group' ? 'group-row' : ''} ${selected ? 'selected' : ''}`}
                  style={{
                    transform: `translateY(${item.start}px)`,
                    height: rowHeight,
                    paddingLeft: (row.level - 1) * 14 + 4,
                  }}
                  onClick={() => activate(row)}
                  onKeyDown={(e) => onKeyDown(e, row, item.index)}
                >
                  <span
                    className={`twisty ${expandable ? 'expandable' : ''} ${expandable && row.expanded ? 'open' : ''}`}
                    aria-hidden="true"
                    onClick={(e) => {
                      if (!expandable) return;
                      e.stopPropagation();
                      toggle(row.key);
                    }}
                  ></span>
                  {row.type === 'group' ? (
                    <>
                      {/* Words separated by real spaces and the count drawn by CSS, so the visible
                          text reads as the row's name does ("Kind (n), Sync, Health"). */}
                      <span className="kind-label">{row.group.kind}</span>{' '}
                      <span className="count" data-count={row.group.nodes.length} />
                      <span className="spacer" /> <SyncBadge status={row.group.sync} />{' '}
                      <HealthBadge status={row.group.health} />
                    </>
                  ) : (
                    r && (
                      <>
                        {row.level > 2 && <span className="kind-chip">{r.key.kind}</span>}{' '}
                        <span className="resource-name" title={r.id}>
                          {r.key.name}
                        </span>
                        <span className="spacer" />{' '}
                        {r.hook ? (
                          <Badge kind="sync" label={`${r.hook} hook`} tone="muted" reason={r.syncReason} />
                        ) : (
                          <SyncBadge status={r.sync} reason={r.syncReason} />
                        )}{' '}
                        <HealthBadge status={r.health} reason={r.healthReason} />{' '}
                        {r.info && <span className="resource-info">{r.info}</span>}
                        {reasonId && (
                          <span id={reasonId} className="visually-hidden">
                            {reason}
                          </span>
                        )}
                      </>
                    )
                  )}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
