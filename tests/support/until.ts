/**
 * Waits for a condition, not for a time: calls `probe` until it returns something, failing after a generous
 * deadline (a loaded machine is slow, never wrong) or at once when `gaveUp` names a reason (a child exited).
 */
export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  opts: { timeoutMs?: number; gaveUp?: () => string | null } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    const reason = opts.gaveUp?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (Date.now() > deadline) throw new Error(`never saw ${what}`);
    await new Promise((r) => setTimeout(r, 100)); // the poll interval, the one place it is written
  }
}
