import type { ServerEvent } from '@frontdesk/shared/contract/events';

type Listener = (event: ServerEvent) => void;
/** Reads a location's stored events after a seq, in seq order (event-log.ts listEvents). */
type ReadEventsAfter = (locationId: string, afterSeq: number, limit: number) => Promise<ServerEvent[]>;

/**
 * This node's fan-out of committed events to its sockets, per location, in seq order and without gaps or
 * repeats. Two inputs feed it: `publish` with the events this node just committed (they carry their data, so no
 * read is needed), and `committed` with a location and seq learned from PostgreSQL NOTIFY (any node's commit;
 * the data is read from the events table). Whatever arrives out of order, twice, or not at all is read from the
 * table after the last seq pushed, so a lost or coalesced notification only delays an event until the next one.
 */
export type EventBus = {
  publish: (locationId: string, events: readonly ServerEvent[]) => void;
  committed: (locationId: string, seq: number) => void;
  /** After events may have been missed (the listener reconnected): each watched location reads up to its last seq. */
  catchUp: (lastSeqOf: (locationId: string) => Promise<number>) => Promise<void>;
  subscribe: (locationId: string, listener: Listener) => () => void;
};

type LocationFeed = {
  listeners: Set<Listener>;
  /** The last seq handed to listeners; undefined until the first event after the first subscription. */
  pushedSeq: number | undefined;
  /** The highest seq known to be committed. */
  knownSeq: number;
  /** Events at hand but not yet pushed (they wait for the ones before them). */
  pending: Map<number, ServerEvent>;
  advancing: boolean;
};

const READ_PAGE = 500;

export function createEventBus(readAfter: ReadEventsAfter, log: (line: string) => void = () => {}): EventBus {
  const feeds = new Map<string, LocationFeed>();

  const push = (feed: LocationFeed, event: ServerEvent) => {
    feed.pushedSeq = event.seq;
    for (const listener of [...feed.listeners]) {
      try {
        listener(event);
      } catch (error) {
        log(`event listener failed: ${(error as Error).message}`);
      }
    }
  };

  // One advance at a time per location: pushes what is contiguous, reads the table to fill any gap.
  const advance = async (locationId: string, feed: LocationFeed) => {
    if (feed.advancing) return;
    feed.advancing = true;
    try {
      while (feeds.get(locationId) === feed) {
        if (feed.pushedSeq === undefined && feed.pending.size > 0) feed.pushedSeq = Math.min(...feed.pending.keys()) - 1;
        if (feed.pushedSeq !== undefined) {
          for (const seq of [...feed.pending.keys()]) if (seq <= feed.pushedSeq) feed.pending.delete(seq);
          let next = feed.pending.get(feed.pushedSeq + 1);
          while (next) {
            feed.pending.delete(next.seq);
            push(feed, next);
            next = feed.pending.get(next.seq + 1);
          }
        }
        if (feed.knownSeq <= (feed.pushedSeq ?? 0)) break;
        // Only a seq is known (a notification), or an event came before the ones it follows: read them.
        const after = feed.pushedSeq ?? feed.knownSeq - 1;
        const rows = await readAfter(locationId, after, READ_PAGE);
        if (rows.length === 0) break; // not visible yet: the next notification or catch-up reads again
        feed.pushedSeq ??= after;
        for (const row of rows) if (row.seq > feed.pushedSeq) feed.pending.set(row.seq, row);
      }
    } catch (error) {
      log(`events of ${locationId}: reading the table failed: ${(error as Error).message}`);
    } finally {
      // Anything that arrived during a read was taken by the loop: nothing awaits between its end and here.
      feed.advancing = false;
    }
  };

  const learn = (locationId: string, seq: number, event?: ServerEvent) => {
    const feed = feeds.get(locationId);
    if (!feed) return; // no socket of this location here: nothing to push
    if (feed.pushedSeq !== undefined && seq <= feed.pushedSeq) return;
    feed.knownSeq = Math.max(feed.knownSeq, seq);
    if (event) feed.pending.set(seq, event);
    void advance(locationId, feed);
  };

  return {
    publish(locationId, events) {
      for (const event of events) learn(locationId, event.seq, event);
    },
    committed(locationId, seq) {
      learn(locationId, seq);
    },
    async catchUp(lastSeqOf) {
      await Promise.all(
        [...feeds.keys()].map(async (locationId) => {
          try {
            learn(locationId, await lastSeqOf(locationId));
          } catch (error) {
            log(`events of ${locationId}: catch-up failed: ${(error as Error).message}`);
          }
        }),
      );
    },
    subscribe(locationId, listener) {
      let feed = feeds.get(locationId);
      if (!feed) {
        feed = { listeners: new Set(), pushedSeq: undefined, knownSeq: 0, pending: new Map(), advancing: false };
        feeds.set(locationId, feed);
      }
      feed.listeners.add(listener);
      const subscribed = feed;
      return () => {
        subscribed.listeners.delete(listener);
        if (subscribed.listeners.size === 0 && feeds.get(locationId) === subscribed) feeds.delete(locationId);
      };
    },
  };
}
