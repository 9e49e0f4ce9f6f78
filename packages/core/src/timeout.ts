/** Bounds a promise in time: the one timer logic shared by the guard and the stores. */

/**
 * Resolves as `promise` does, or rejects with `onTimeout()` after `timeoutMs`. The timer is
 * cleared as soon as the promise settles, so nothing keeps the process alive. (One promise and
 * one timer per call: it runs on every replay claim.)
 */
export function withTimeout<T>(promise: PromiseLike<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
