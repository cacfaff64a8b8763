import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../../../src-renderer/features/logs/log-buffer';

const line = (pod: string, text: string, container = 'app') => ({ pod, container, text });

describe('log view buffer', () => {
  it('keeps at most its capacity, dropping the oldest lines and counting them', () => {
    const b = new LogBuffer(3, 'none');
    b.push([line('p', 'one'), line('p', 'two')]);
    b.push([line('p', 'three'), line('p', 'four'), line('p', 'five')], 7);
    expect(b.toText()).toBe('three\nfour\nfive');
    expect(b.size).toBe(3);
    expect(b.dropped).toBe(2 + 7);
  });

  it('prefixes lines with their pod (and container) when several are followed together', () => {
    const pods = new LogBuffer(10, 'pod');
    pods.push([line('web-1', 'a'), line('web-2', 'b')]);
    expect(pods.toText()).toBe('[web-1] a\n[web-2] b');
    const containers = new LogBuffer(10, 'pod-container');
    containers.push([line('web-1', 'a', 'sidecar')]);
    expect(containers.toText()).toBe('[web-1/sidecar] a');
  });

  it('searches case-insensitively, prefix included, and keeps stable line numbers', () => {
    const b = new LogBuffer(10, 'pod');
    b.push([line('web-1', 'GET /health 200'), line('web-2', 'error: boom'), line('web-2', 'ok')]);
    expect(b.view('ERROR').map((l) => l.text)).toEqual(['error: boom']);
    expect(b.view('web-2').map((l) => l.n)).toEqual([1, 2]);
    expect(b.view('  ')).toHaveLength(3);
    expect(b.toText('ok')).toBe('[web-2] ok');
  });
});
