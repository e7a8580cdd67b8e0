/**
 * Wait for a condition, checking it every `everyMs` (default 50 ms) until it
 * holds or `timeoutMs` has passed; resolves with the first truthy value.
 * For states a test cannot subscribe to (a row in a file, a line in a log);
 * when there is an event, await the event instead.
 */
export async function until<T>(fn: () => Promise<T> | T, timeoutMs = 20_000, what = 'condition', everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
