import { describe, expect, it } from 'vitest';
import type { CompareWith } from '../../../../src-shared/model';
import { RecompareQueue } from '../../../../src-main/core/apps/recompare-queue';

interface Run {
  mode: CompareWith;
  /** What the run read: the working copy's file when it started ('head' for HEAD). */
  file: string;
  finish: () => void;
}

/** A queue whose comparisons end when the test says so, with a file a save changes. */
function harness() {
  const runs: Run[] = [];
  const emitted: string[] = [];
  const epochs = { HEAD: 0, worktree: 0 };
  let file = 'v1';
  const q = new RecompareQueue<{ mode: CompareWith; file: string }>({
    evaluate: (mode) =>
      new Promise((resolve) => {
        const read = mode === 'HEAD' ? 'head' : file;
        runs.push({ mode, file: read, finish: () => resolve({ mode, file: read }) });
      }),
    emit: (ev) => emitted.push(`${ev.mode}:${ev.file}`),
    manifestEpoch: (mode) => epochs[mode],
  });
  const save = (content: string) => {
    file = content;
    epochs.worktree++;
    q.request(['worktree'], 0, true);
  };
  return { q, runs, emitted, save };
}

// A timer, then one more turn of the check phase: on a busy machine the queue's own timer and
// this one can expire in the same timers phase, and the pass it starts waits for a setImmediate.
const tick = () => new Promise((r) => setTimeout(() => setImmediate(r), 5));

/** Waits until `ready` holds (a follow-up run is due after a wait that follows the last run's length). */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ready(); i++) await tick();
}

describe('RecompareQueue', () => {
  it('starts a save’s working-copy comparison at once, beside a running HEAD comparison', async () => {
    const { q, runs, emitted, save } = harness();
    q.request(['HEAD'], 0);
    await tick();
    expect(runs.map((r) => r.mode)).toEqual(['HEAD']);
    save('v2');
    expect(runs.map((r) => r.mode)).toEqual(['HEAD', 'worktree']);
    runs[1]!.finish();
    await tick();
    expect(emitted).toEqual(['worktree:v2']);
    runs[0]!.finish();
    await tick();
    expect(emitted).toEqual(['worktree:v2', 'HEAD:head']);
    q.dispose();
  });

  it('never shows the verdict of a comparison a save overtook, and runs the save’s own next', async () => {
    const { q, runs, emitted, save } = harness();
    // A watch event's comparison of both modes is running the working copy when the file is saved.
    q.request(['HEAD', 'worktree'], 0);
    await tick();
    runs[0]!.finish();
    await tick();
    expect(runs.map((r) => `${r.mode}:${r.file}`)).toEqual(['HEAD:head', 'worktree:v1']);
    save('v2');
    runs[1]!.finish();
    await tick();
    expect(emitted).toEqual(['HEAD:head']);
    // The save's run started when the overtaken one ended, without a debounce.
    expect(runs.map((r) => `${r.mode}:${r.file}`)).toEqual(['HEAD:head', 'worktree:v1', 'worktree:v2']);
    runs[2]!.finish();
    await tick();
    expect(emitted).toEqual(['HEAD:head', 'worktree:v2']);
    q.dispose();
  });

  it('holds a HEAD comparison back while a save’s comparison runs', async () => {
    const { q, runs, emitted, save } = harness();
    q.request(['worktree'], 0);
    await tick();
    runs[0]!.finish();
    await tick();
    save('v2');
    q.request(['HEAD'], 0);
    await tick();
    expect(runs.map((r) => r.mode)).toEqual(['worktree', 'worktree']);
    runs[1]!.finish();
    await tick();
    expect(runs.map((r) => r.mode)).toEqual(['worktree', 'worktree', 'HEAD']);
    runs[2]!.finish();
    await tick();
    expect(emitted).toEqual(['worktree:v1', 'worktree:v2', 'HEAD:head']);
    q.dispose();
  });

  it('coalesces requests that arrive during a run into one more run', async () => {
    const { q, runs, emitted } = harness();
    q.request(['HEAD'], 0);
    await tick();
    for (let i = 0; i < 5; i++) q.request(['HEAD'], 0);
    runs[0]!.finish();
    await until(() => runs.length === 2);
    expect(runs.length).toBe(2);
    runs[1]!.finish();
    await tick();
    await tick();
    expect(runs.length).toBe(2);
    // A comparison that no save overtook is shown, even when another one follows it.
    expect(emitted).toEqual(['HEAD:head', 'HEAD:head']);
    q.dispose();
  });
});
