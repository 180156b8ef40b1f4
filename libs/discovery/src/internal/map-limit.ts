/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight. Per-item lookups (Azure
 * network interfaces, OCI VNICs, AWS `request_concurrency`) would otherwise open one connection per VM at once; results
 * keep the order of `items`, and the first rejection rejects the whole.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** How many per-item provider requests a refresh runs side by side. */
export const PROVIDER_CONCURRENCY = 8;
