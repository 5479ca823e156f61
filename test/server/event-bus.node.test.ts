import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../shared/contract/events';
import { createEventBus } from '../../server/src/events/event-bus';
import { parseEventNotification, reconnectDelayMs } from '../../server/src/events/pg-event-listener';

// The node's fan-out: whatever order, repetition or loss its inputs have, listeners get each seq once, in order.

const event = (seq: number): ServerEvent => ({ seq, type: 'sale.created', at: new Date(0).toISOString() });

/** An events table of one location holding seqs 1..`committed()`, counting the reads. */
function table() {
  let committed = 0;
  const reads: number[] = [];
  return {
    commit: (to: number) => (committed = to),
    reads,
    readAfter: (_locationId: string, afterSeq: number, limit: number) => {
      reads.push(afterSeq);
      const rows: ServerEvent[] = [];
      for (let seq = afterSeq + 1; seq <= committed && rows.length < limit; seq += 1) rows.push(event(seq));
      return Promise.resolve(rows);
    },
  };
}

function listen(bus: ReturnType<typeof createEventBus>, locationId = 'loc') {
  const seqs: number[] = [];
  const stop = bus.subscribe(locationId, (e) => seqs.push(e.seq));
  return { seqs, stop };
}

describe('event bus', () => {
  it('pushes published events in order without reading the table', async () => {
    const events = table();
    const bus = createEventBus(events.readAfter);
    const { seqs } = listen(bus);
    events.commit(3);
    bus.publish('loc', [event(1), event(2)]);
    bus.publish('loc', [event(3)]);
    await expect.poll(() => seqs).toEqual([1, 2, 3]);
    expect(events.reads).toEqual([]);
  });

  it('fills a gap from the table when an event arrives before the one it follows, and drops the late one', async () => {
    const events = table();
    const bus = createEventBus(events.readAfter);
    const { seqs } = listen(bus);
    events.commit(1);
    bus.publish('loc', [event(1)]);
    await expect.poll(() => seqs).toEqual([1]);
    events.commit(3);
    bus.publish('loc', [event(3)]);
    await expect.poll(() => seqs).toEqual([1, 2, 3]);
    bus.publish('loc', [event(2)]);
    bus.committed('loc', 3);
    events.commit(4);
    bus.committed('loc', 4);
    await expect.poll(() => seqs).toEqual([1, 2, 3, 4]);
  });

  it('reads notified seqs from the table once per notification burst, whatever was coalesced or lost', async () => {
    const events = table();
    const bus = createEventBus(events.readAfter);
    const { seqs } = listen(bus);
    events.commit(5);
    bus.committed('loc', 5); // the first notification this node hears: it starts there
    await expect.poll(() => seqs).toEqual([5]);
    events.commit(9);
    bus.committed('loc', 7); // 6, 8 and 9 were never notified
    await expect.poll(() => seqs).toEqual([5, 6, 7, 8, 9]);
    events.commit(11);
    await bus.catchUp(() => Promise.resolve(11));
    await expect.poll(() => seqs).toEqual([5, 6, 7, 8, 9, 10, 11]);
  });

  it('ignores locations without listeners here, and stops pushing after the last listener leaves', async () => {
    const events = table();
    const bus = createEventBus(events.readAfter);
    events.commit(2);
    bus.committed('other', 2);
    const { seqs, stop } = listen(bus);
    bus.publish('loc', [event(1)]);
    await expect.poll(() => seqs).toEqual([1]);
    stop();
    bus.publish('loc', [event(2)]);
    expect(seqs).toEqual([1]);
    expect(events.reads).toEqual([]);
  });
});

describe('event notifications', () => {
  it.each([
    ['loc_1:42', { locationId: 'loc_1', seq: 42 }],
    ['a:b:7', { locationId: 'a:b', seq: 7 }],
    ['loc:0', undefined],
    ['loc:x', undefined],
    [':5', undefined],
    ['', undefined],
  ])('parses %j', (payload, expected) => {
    expect(parseEventNotification(payload)).toEqual(expected);
  });

  it('backs off exponentially up to the cap, with jitter around the base', () => {
    const policy = { firstMs: 100, maxMs: 5_000 };
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 10].map((attempt) => reconnectDelayMs(attempt, policy, middle))).toEqual([100, 200, 400, 800, 5_000]);
    expect(reconnectDelayMs(0, policy, () => 0)).toBe(75);
    expect(reconnectDelayMs(0, policy, () => 1)).toBe(125);
  });
});
