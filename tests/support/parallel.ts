/**
 * Runs `count` calls of `fn(i)` with at most `limit` in flight and returns their settled results in order.
 * Enough callers to keep every pooled connection contending, without thousands queueing on the pool (a test
 * pool is small and the server's max_connections is shared).
 */
export async function inParallel<T>(
  limit: number,
  count: number,
  fn: (i: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await fn(i).then(
          (value) => ({ status: 'fulfilled' as const, value }),
          (reason: unknown) => ({ status: 'rejected' as const, reason }),
        );
      }
    }),
  );
  return results;
}
