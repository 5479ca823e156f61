// One queue for everything that reads or applies the server's state (events, pending links, bootstraps): each runs
// alone and in order, so nothing interleaves with an event being applied.

export type InTurn = {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Resolves when everything queued so far has run. */
  idle(): Promise<void>;
};

export function createInTurn(): InTurn {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const next = chain.then(fn, fn);
      chain = next.catch(() => {});
      return next;
    },
    idle: () => chain.then(() => undefined),
  };
}
