import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** Young generation (both semi-spaces) the core lets V8 grow to. */
export const YOUNG_GENERATION_BYTES = 16 * 2 ** 20;

const newSpaceBytes = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

let limited = false;

/**
 * Keeps V8's young generation near `targetBytes` for the rest of the process.
 *
 * Why: V8 doubles the young generation while many objects survive its scavenges, which is what
 * loading a large app does (thousands of live and desired objects are kept), up to a maximum
 * that grows with the machine's memory: 128 MB on a 24 GB machine with Node 24. At 5,000 resources
 * that young generation was more than a third of the core's peak RSS (new_space 128 MB of 313 MB
 * after the first comparison) while the objects kept alive took 34 MB of old space. Kept at 16 MB,
 * the peak fell by about 100 MB and the CPU time of load, compare and sync stayed the same.
 *
 * How: the maximum (--max-semi-space-size) is fixed when the process starts, and neither Electron's
 * main process nor a plain `node` start can be relied on to pass it. The growth factor is read each
 * time V8 grows the space, so setting it to 1 stops further growth. If the young generation is
 * still smaller than the target, V8 grows it as usual until the first garbage collection that
 * finds it there. A V8 without the flag prints a warning and is otherwise unaffected.
 */
export function limitYoungGeneration(targetBytes = YOUNG_GENERATION_BYTES): void {
  if (limited) return;
  limited = true;
  const stopGrowing = () => setFlagsFromString('--semi-space-growth-factor=1');
  if (newSpaceBytes() >= targetBytes) {
    stopGrowing();
    return;
  }
  const observer = new PerformanceObserver(() => {
    if (newSpaceBytes() < targetBytes) return;
    stopGrowing();
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
