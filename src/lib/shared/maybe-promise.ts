/**
 * A value now, or later. Hot paths (an API read from a cached caller) answer
 * synchronously when they can: every promise costs an allocation, a
 * microtask turn and, with AsyncLocalStorage active, an async-hook call,
 * which together cost more than the read itself.
 */
export type MaybePromise<T> = T | Promise<T>;

/** Continue with `value`: at once when it is already here, else when it arrives. */
export function andThen<T, U>(value: MaybePromise<T>, next: (v: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
