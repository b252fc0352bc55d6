/**
 * Runs `work` over `items` with at most `limit` (at least 1) calls in flight. Rejects with the first error; the
 * other calls in flight, and the items not yet started, still run.
 */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}
