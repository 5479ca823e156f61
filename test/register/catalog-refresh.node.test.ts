import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../shared/contract/entities';
import type { BootstrapResponse } from '../../shared/contract/http';
import { readCatalog, replaceCatalog } from '../../electron/register/caches';
import { createCatalogRefresher } from '../../electron/register/catalog-refresh';
import { storeBootstrap } from '../../electron/register/enrollment';
import { applyServerEvents, coreEventHandlers, readCursor } from '../../electron/register/event-applier';
import { createManualClock } from './support/manual-clock';
import { openTempDatabase } from './support/temp-database';

// A bootstrap stored after newer events never undoes them; the catalog is refreshed again when the studio's day changes.

let database: ReturnType<typeof openTempDatabase>;
beforeEach(() => {
  database = openTempDatabase();
});
afterEach(() => database.cleanup());

const at = '2026-03-02T15:00:00.000Z';
const session = (booked: number): CatalogItem => ({
  id: 'reformer',
  kind: 'class',
  name: 'Reformer Pilates',
  priceCents: 3500,
  sessions: [{ id: 's1', startsAt: at, durationMin: 50, capacity: 8, booked, held: 0 }],
});
const socks = (priceCents: number): CatalogItem => ({ id: 'socks', kind: 'product', name: 'Grip Socks', priceCents });
const bootstrap = (lastSeq: number, items: CatalogItem[]): BootstrapResponse => ({
  location: { id: 'loc', name: 'Studio', widget: 'w', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', country: 'US' },
  register: { id: 'reg', name: 'Front Desk', locationId: 'loc', number: 1 },
  staff: [],
  items,
  clients: [],
  lastSeq,
  serverTime: 0,
});
const booked = () => readCatalog(database.db).find((i) => i.id === 'reformer')?.sessions?.[0]?.booked;

describe('storeBootstrap and newer events', () => {
  it('keeps an item an event after the bootstrap’s lastSeq already changed here, and takes the rest', () => {
    storeBootstrap(database.db, bootstrap(10, [session(1), socks(1200)]), 0, { setCursor: true });
    // A seat is sold elsewhere (event 11) while a refresh is on its way with an answer as of event 10.
    applyServerEvents(database.db, [{ seq: 11, type: 'availability.changed', at, items: [session(2)] }], coreEventHandlers, { now: 1, timeZone: 'UTC' });
    expect(booked()).toBe(2);
    storeBootstrap(database.db, bootstrap(10, [session(1), socks(1300)]), 2, { setCursor: false });
    expect(booked()).toBe(2); // the newer state of the class stays
    expect(readCatalog(database.db).find((i) => i.id === 'socks')?.priceCents).toBe(1300);
    expect(readCursor(database.db)).toBe(11);
    // A bootstrap as of event 11 or later is as new: it wins.
    storeBootstrap(database.db, bootstrap(12, [session(3), socks(1300)]), 3, { setCursor: false });
    expect(booked()).toBe(3);
  });

  it('an item only a newer event knows of is kept after the bootstrap’s items', () => {
    storeBootstrap(database.db, bootstrap(5, [socks(1200)]), 0, { setCursor: true });
    applyServerEvents(database.db, [{ seq: 6, type: 'availability.changed', at, items: [session(1)] }], coreEventHandlers, { now: 1, timeZone: 'UTC' });
    replaceCatalog(database.db, [socks(1200)], 2, 5);
    expect(readCatalog(database.db).map((i) => i.id)).toEqual(['socks', 'reformer']);
  });
});

describe('catalog refresher', () => {
  it('refreshes again when the studio’s date changes, once, and joins a refresh already running', async () => {
    const clock = createManualClock(Date.parse('2026-03-02T23:58:00.000Z'));
    let refreshes = 0;
    let release: () => void = () => {};
    const refresher = createCatalogRefresher({
      clock,
      serverNow: () => clock.now(),
      timeZone: () => 'UTC',
      refresh: () => {
        refreshes += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    refresher.start();
    const first = refresher.refresh('start');
    const second = refresher.refresh('socket connected');
    release();
    await Promise.all([first, second]);
    expect(refreshes).toBe(1);
    expect(await refresher.refresh('again right after')).toBeUndefined();
    expect(refreshes).toBe(1); // skipped: the caches are fresh
    clock.advance(60_000); // 23:59: same day
    expect(refreshes).toBe(1);
    clock.advance(60_000); // 00:00 the next day
    expect(refreshes).toBe(2);
    release();
    await new Promise((r) => setImmediate(r));
    clock.advance(5 * 60_000);
    expect(refreshes).toBe(2);
    refresher.stop();
    expect(clock.pending()).toBe(0);
  });
});
