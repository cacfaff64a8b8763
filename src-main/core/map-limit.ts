/** How long a run of items may hold the event loop before it lets I/O callbacks in. */
const sliceMs = 10;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `fn` over `items` with at most `limit` running at once; results in the items' order. Items that
 * resolve at once (answered from a cache) would chain as microtasks and keep file and socket
 * callbacks waiting for the whole run, so the run yields to the event loop every few milliseconds.
 */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let sliceStart = performance.now();
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
      if (performance.now() - sliceStart > sliceMs) {
        sliceStart = performance.now();
        await turn();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
