import type { LocalDb } from '../../db/open-database';
import type { EngineClock } from './engine-clock';
import { getMeta, setMeta } from './meta-store';
import { createServerClock, type ServerClock } from './server-clock';

// The engine's one source of time: the PC's clocks and timers (EngineClock) and the server's clock as measured from
// them (ServerClock), whose last measurement is remembered in the register's database for the next start. Electron
// main and the browser host make it with the system clock; tests with a manual one.

export type TimeSource = { clock: EngineClock; server: ServerClock; stop(): void };

export function createTimeSource(clock: EngineClock, db: LocalDb): TimeSource {
  let stopped = false;
  let savedOffset = getMeta(db, 'serverOffsetMs');
  let anchorSaved = getMeta(db, 'serverClockAnchor') !== null;
  const server = createServerClock(clock, {
    rememberedWallOffset: savedOffset,
    rememberedAnchor: getMeta(db, 'serverClockAnchor'),
    onMeasured(offset, anchor) {
      // Remembered for the next start (until its first answer); rewritten only when it moved. Any anchor of the same
      // measurement series stays valid (server-clock trustedNow), so it follows the offset.
      if (stopped || (anchorSaved && savedOffset !== null && Math.abs(offset - savedOffset) < 1000)) return;
      savedOffset = offset;
      anchorSaved = true;
      setMeta(db, 'serverOffsetMs', offset);
      setMeta(db, 'serverClockAnchor', anchor);
    },
  });
  return {
    clock,
    server,
    stop() {
      stopped = true;
    },
  };
}
