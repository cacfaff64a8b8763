import '../../styles/logs-events.css';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogBatch, ResourceState } from '../../../src-shared/model';
import { toApiError, type ApiError } from '../../../src-shared/errors';
import { useApi } from '../../api/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiEvent, useApiQuery } from '../../state/use-api';
import { LogBuffer } from './log-buffer';

/** Lines kept per view; older ones drop off (and are counted) so a chatty pod cannot grow the page. */
const CAPACITY = 10_000;
/** The view repaints at most this often, however fast lines arrive. */
const PAINT_MS = 100;

const ALL = '';

/**
 * Logs of a Pod, or of every Pod of a workload followed together (each line prefixed with its pod,
 * like `kubectl logs -l --prefix`). Lines are streamed by the core (no polling) into a bounded
 * buffer and painted at most every 100 ms, new lines only, so even thousands of lines a second
 * keep the page responsive.
 */
export function LogsPanel({ appId, resource }: { appId: string; resource: ResourceState }) {
  const api = useApi();
  const targets = useApiQuery('logs.targets', { appId, resourceId: resource.id });
  const [container, setContainer] = useState(ALL);
  const [follow, setFollow] = useState(true);
  const [previous, setPrevious] = useState(false);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(true);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState<{ lines: number; shown: number; dropped: number; ended: string[] }>({
    lines: 0,
    shown: 0,
    dropped: 0,
    ended: [],
  });
  const [starting, setStarting] = useState(false);

  const pods = targets.data?.pods ?? [];
  const containers = [...new Set(pods.flatMap((p) => [...p.containers, ...p.initContainers]))];
  const many = pods.length > 1;
  const allContainers = container === ALL && (pods[0]?.containers.length ?? 0) > 1;

  const buffer = useRef(new LogBuffer(CAPACITY, 'none'));
  const streamId = useRef<string | null>(null);
  /** Batches that arrived before logs.start answered with their stream id. */
  const early = useRef(new Map<string, LogBatch[]>());
  const preRef = useRef<HTMLDivElement>(null);
  const dirty = useRef(false);
  const ended = useRef<string[]>([]);
  const queryRef = useRef(query);
  queryRef.current = query;
  const followRef = useRef(follow);
  followRef.current = follow;

  /** What the <pre> shows: text nodes of whole lines, oldest first, appended as lines arrive. */
  const shown = useRef({
    chunks: [] as { node: HTMLElement; lines: number }[],
    lines: 0,
    next: 0,
    query: '',
    buffer: buffer.current,
  });

  // One block per paint: text in one block is laid out as a whole, so appending to it costs as
  // much as all the lines shown, while a new block leaves the earlier ones' layout alone. That
  // keeps a fast stream from freezing the page. A new search or a new stream rebuilds it once.
  const paint = () => {
    dirty.current = false;
    const pre = preRef.current;
    const b = buffer.current;
    const q = queryRef.current;
    const s = shown.current;
    if (pre) {
      const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40;
      if (s.query !== q || s.buffer !== b) {
        pre.textContent = '';
        shown.current = { chunks: [], lines: 0, next: 0, query: q, buffer: b };
      }
      const t = shown.current;
      const fresh = b.since(t.next, q);
      t.next = b.nextNumber;
      if (fresh.length > 0) {
        const node = document.createElement('div');
        node.textContent = fresh.map((l) => `${l.prefix}${l.text}`).join('\n');
        pre.appendChild(node);
        t.chunks.push({ node, lines: fresh.length });
        t.lines += fresh.length;
      }
      // Whole chunks go once the view holds more than the buffer keeps.
      while (t.chunks.length > 1 && t.lines - t.chunks[0]!.lines >= CAPACITY) {
        const first = t.chunks.shift()!;
        first.node.remove();
        t.lines -= first.lines;
      }
      if (followRef.current && atBottom) pre.scrollTop = pre.scrollHeight;
    }
    setStatus({
      lines: b.size,
      shown: q ? b.view(q).length : b.size,
      dropped: b.dropped,
      ended: [...ended.current],
    });
  };

  const take = (batch: LogBatch) => {
    buffer.current.push(batch.lines, batch.dropped ?? 0);
    for (const e of batch.ended ?? []) {
      ended.current.push(`${e.pod}/${e.container}${e.message ? `: ${e.message}` : ' ended'}`);
    }
    dirty.current = true;
  };

  useApiEvent('logs.lines', (batch) => {
    if (batch.streamId === streamId.current) take(batch);
    else if (streamId.current === null || starting) {
      const list = early.current.get(batch.streamId) ?? [];
      if (list.length < 100) list.push(batch);
      early.current.set(batch.streamId, list);
    }
  });

  // Paint on a timer, not per batch: the number of repaints is bounded whatever the rate.
  useEffect(() => {
    const timer = setInterval(() => {
      if (dirty.current) paint();
    }, PAINT_MS);
    return () => clearInterval(timer);
  }, []);

  useLayoutEffect(() => {
    paint();
  }, [query]);

  const podKey = pods.map((p) => p.name).join(',');
  useEffect(() => {
    if (!targets.data) return;
    let live = true;
    const prefix = many
      ? allContainers
        ? 'pod-container'
        : 'pod'
      : allContainers
        ? 'pod-container'
        : 'none';
    buffer.current = new LogBuffer(CAPACITY, prefix);
    ended.current = [];
    streamId.current = null;
    early.current.clear();
    setError(null);
    setStarting(true);
    paint();
    let started: string | null = null;
    api
      .call('logs.start', {
        appId,
        resourceId: resource.id,
        ...(container ? { container } : {}),
        follow,
        previous,
        timestamps,
        tailLines: 500,
      })
      .then(
        ({ streamId: id }) => {
          started = id;
          if (!live) {
            void api.call('logs.stop', { streamId: id }).catch(() => undefined);
            return;
          }
          streamId.current = id;
          for (const b of early.current.get(id) ?? []) take(b);
          early.current.clear();
          setStarting(false);
          paint();
        },
        (err: unknown) => {
          if (!live) return;
          setError(toApiError(err));
          setStarting(false);
        },
      );
    return () => {
      live = false;
      streamId.current = null;
      if (started) void api.call('logs.stop', { streamId: started }).catch(() => undefined);
    };
    // The stream restarts when what it reads changes; query, wrap only change the view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, appId, resource.id, podKey, container, follow, previous, timestamps, targets.data !== undefined]);

  const download = () => {
    const blob = new Blob([buffer.current.toText(query) + '\n'], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${resource.key.name}${container ? `-${container}` : ''}${previous ? '-previous' : ''}.log`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div className="logs-panel" aria-busy={starting || targets.loading}>
      <div className="panel-toolbar logs-toolbar">
        <label>
          Container{' '}
          <select aria-label="Container" value={container} onChange={(e) => setContainer(e.target.value)}>
            <option value={ALL}>All containers</option>
            {containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={follow && !previous}
            disabled={previous}
            onChange={(e) => setFollow(e.target.checked)}
          />
          Follow
        </label>
        <label className="check">
          <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} />
          Previous container
        </label>
        <label className="check">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} />
          Timestamps
        </label>
        <label className="check">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          Wrap lines
        </label>
        <input
          type="search"
          aria-label="Search logs"
          placeholder="Search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" onClick={download} disabled={status.lines === 0}>
          Download
        </button>
      </div>
      {(targets.loading || starting) && <Progress label="Opening the log stream" />}
      <ErrorMessage error={targets.error ?? error} />
      <p className="muted logs-status" aria-live="polite">
        {many ? `${pods.length} pods · ` : ''}
        {query ? `${status.shown} of ${status.lines} lines match` : `${status.lines} lines`}
        {status.dropped ? ` · ${status.dropped} older lines dropped` : ''}
        {status.ended.length ? ` · ${status.ended.join('; ')}` : ''}
      </p>
      <div
        role="log"
        className={`logs${wrap ? ' logs-wrap' : ''}`}
        ref={preRef}
        tabIndex={0}
        aria-label={`Logs of ${resource.key.name}`}
      />
    </div>
  );
}
