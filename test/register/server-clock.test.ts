import { describe, expect, it } from 'vitest';
import { createServerClock, type ServerClockAnchor } from '../../electron/register/server-clock';
import { createManualClock } from './support/manual-clock';

// The server clock's trusted time (what giving up on a link is judged by) never follows the PC's wall clock.

describe('server clock: trustedNow', () => {
  it('is the measured server time once an answer came, whatever the wall clock does', () => {
    const clock = createManualClock();
    const anchors: ServerClockAnchor[] = [];
    const serverClock = createServerClock(clock, { onMeasured: (_offset, anchor) => anchors.push(anchor) });
    expect(serverClock.trustedNow()).toBeNull();
    const sentAt = clock.monotonic();
    serverClock.observe(5_000_000, sentAt, sentAt);
    clock.set(clock.now() + 3_600_000); // the PC's clock jumps an hour
    expect(serverClock.trustedNow()).toBe(5_000_000);
    clock.advance(10_000);
    expect(serverClock.trustedNow()).toBe(5_010_000);
    expect(anchors).toEqual([{ serverTime: 5_000_000, monotonic: sentAt }]);
  });

  it('after a restart: the remembered wall offset is for display only; trusted is the anchor plus monotonic time, never less', () => {
    const clock = createManualClock();
    const anchor = { serverTime: 5_000_000, monotonic: clock.monotonic() - 2_000 };
    const serverClock = createServerClock(clock, { rememberedWallOffset: 20 * 60_000, rememberedAnchor: anchor });
    expect(serverClock.now()).toBe(clock.now() + 20 * 60_000);
    expect(serverClock.trustedNow()).toBe(5_002_000);
    // A monotonic clock that started again (new process) reads less than the remembered one: no time is assumed.
    const restarted = createServerClock(createManualClock(), { rememberedAnchor: { serverTime: 5_000_000, monotonic: 999_999 } });
    expect(restarted.trustedNow()).toBe(5_000_000);
    expect(createServerClock(clock, { rememberedWallOffset: 0 }).trustedNow()).toBeNull();
  });
});
