import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem, Staff } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import { sales } from '../../db/schema';
import { replaceCatalog } from '../../electron/register/caches';
import { addLine, currentCart, type PricingContext } from '../../electron/register/cart-store';
import { checkout, type CheckoutContext } from '../../electron/register/checkout';
import { readAvailableCatalog } from '../../electron/register/local-availability';
import { setMeta, type StoredEnrollment } from '../../electron/register/meta-store';
import { openTempDatabase } from './support/temp-database';

// One register, offline: a place it sold (the sale still in the outbox) cannot be sold again from the stale cache.

const NOW = Date.parse('2026-03-02T15:00:00.000Z');
const startsAt = '2026-03-03T15:00:00.000Z';
const items: CatalogItem[] = [
  {
    id: 'itm_reformer',
    kind: 'class',
    name: 'Reformer Pilates',
    priceCents: 3500,
    sessions: [
      {
        id: 'ses_r1',
        startsAt,
        durationMin: 50,
        capacity: 2,
        booked: 0,
        held: 0,
        seats: [
          { id: 'A1', label: 'A1', state: 'free' },
          { id: 'A2', label: 'A2', state: 'free' },
        ],
      },
    ],
  },
  {
    id: 'itm_vinyasa',
    kind: 'class',
    name: 'Vinyasa Flow',
    priceCents: 2500,
    sessions: [{ id: 'ses_v1', startsAt, durationMin: 60, capacity: 3, booked: 2, held: 0 }],
  },
  {
    id: 'itm_massage',
    kind: 'appointment',
    name: 'Massage',
    priceCents: 9000,
    slots: [{ id: 'slt_1', startsAt, durationMin: 60, staffName: 'Mona', state: 'free' }],
  },
  { id: 'itm_socks', kind: 'product', name: 'Grip Socks', priceCents: 1200 },
];
const frank: Staff = { id: 'stf_frank', name: 'Frank', role: 'front_desk', permissions: ['take_payment'] };
const enrollment: StoredEnrollment = {
  serverUrl: 'http://127.0.0.1:1',
  register: { id: 'reg_1', name: 'Front Desk', locationId: 'loc_1', number: 1 },
  location: { id: 'loc_1', name: 'Studio', widget: 'w', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', country: 'US' },
  tokenEncrypted: 'x',
};

let database: ReturnType<typeof openTempDatabase>;
beforeEach(() => {
  database = openTempDatabase();
  replaceCatalog(database.db, items, NOW);
  setMeta(database.db, 'enrollment', enrollment);
});
afterEach(() => database.cleanup());

const pricing = (): PricingContext => ({ items: readAvailableCatalog(database.db), today: '2026-03-02', now: NOW });
const checkoutContext = (): CheckoutContext => ({ items: items, enrollment, staff: frank, serverNow: NOW, now: NOW });
const sell = () => checkout(database.db, { method: 'cash' }, checkoutContext()).sale;
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe('places sold by this register while its sales wait in the outbox', () => {
  it('a seat sold offline cannot be added again, and shows as booked', () => {
    addLine(database.db, { itemId: 'itm_reformer', sessionId: 'ses_r1', seatId: 'A1' }, pricing());
    sell();
    expect(code(() => addLine(database.db, { itemId: 'itm_reformer', sessionId: 'ses_r1', seatId: 'A1' }, pricing()))).toBe('seat_unavailable');
    const session = readAvailableCatalog(database.db)[0]!.sessions![0]!;
    expect(session.seats!.find((s) => s.id === 'A1')!.state).toBe('booked');
    expect(session.booked).toBe(1);
    // The other seat is still there to sell.
    expect(code(() => addLine(database.db, { itemId: 'itm_reformer', sessionId: 'ses_r1', seatId: 'A2' }, pricing()))).toBe('ok');
  });

  it('the last spot of a class and an appointment slot sold offline cannot be sold again', () => {
    addLine(database.db, { itemId: 'itm_vinyasa', sessionId: 'ses_v1' }, pricing());
    addLine(database.db, { itemId: 'itm_massage', slotId: 'slt_1' }, pricing());
    sell();
    expect(code(() => addLine(database.db, { itemId: 'itm_vinyasa', sessionId: 'ses_v1' }, pricing()))).toBe('capacity_unavailable');
    expect(code(() => addLine(database.db, { itemId: 'itm_massage', slotId: 'slt_1' }, pricing()))).toBe('capacity_unavailable');
  });

  it('checkout refuses a cart whose place a pending sale took after it was added', () => {
    addLine(database.db, { itemId: 'itm_reformer', sessionId: 'ses_r1', seatId: 'A1' }, pricing());
    const cart = currentCart(database.db, NOW);
    // Another cart's sale of the same seat, still pending (e.g. restored after a restart).
    database.db
      .insert(sales)
      .values({
        id: 'SALEPENDING000000000000001',
        receiptNumber: '1-99',
        date: '2026-03-02',
        createdAt: NOW,
        totalCents: 3500,
        saleJson: JSON.stringify({
          id: 'SALEPENDING000000000000001',
          receiptNumber: '1-99',
          clientId: null,
          staffId: frank.id,
          staffName: frank.name,
          registerId: 'reg_1',
          lines: [
            {
              id: 'L1',
              itemId: 'itm_reformer',
              quantity: 1,
              sessionId: 'ses_r1',
              seatId: 'A1',
              kind: 'class',
              name: 'Reformer Pilates',
              unitCents: 3500,
              totalCents: 3500,
            },
          ],
          totalCents: 3500,
          currency: 'USD',
          payments: [{ method: 'cash', amountCents: 3500 }],
          createdAt: new Date(NOW).toISOString(),
        }),
        origin: 'local',
        uploadStatus: 'pending',
      })
      .run();
    expect(code(sell)).toBe('seat_unavailable');
    expect(currentCart(database.db, NOW).id).toBe(cart.id); // nothing written
  });

  it('a refused (failed) or uploaded sale no longer counts: the server is the judge then', () => {
    addLine(database.db, { itemId: 'itm_reformer', sessionId: 'ses_r1', seatId: 'A1' }, pricing());
    const sale = sell();
    database.sqlite.prepare(`UPDATE sales SET upload_status = 'failed' WHERE id = ?`).run(sale.id);
    expect(code(() => addLine(database.db, { itemId: 'itm_reformer', sessionId: 'ses_r1', seatId: 'A1' }, pricing()))).toBe('ok');
  });
});
