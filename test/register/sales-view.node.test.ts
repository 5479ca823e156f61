import { requestUrl } from '../support/request-url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/contract/entities';
import { createApiClient } from '../../electron/register/api-client';
import { storeServerSale } from '../../electron/register/event-applier';
import { VIEW_SALES_REFUSAL, salesDay } from '../../electron/register/sales-view';
import { createServerClock } from '../../electron/register/server-clock';
import { startServerForEngine } from './support/server';
import { enrollAndSignIn, startEngine } from './support/engine-harness';
import { createManualClock } from './support/manual-clock';
import { openTempDatabase, tempDir } from './support/temp-database';

// The day's sales are money figures: staff whose role has no view_sales (teacher, guest) are told so in a sentence,
// and a refusal by the server is never answered with this register's local copy instead.

const ownerPermissions = { permissions: ['take_payment', 'send_payment_link', 'view_sales'] };
const teacherPermissions = { permissions: ['take_payment'] };
const date = '2026-03-02';
const localSale: Sale = {
  id: 'sale_local',
  receiptNumber: '1-1',
  clientId: null,
  staffId: 'frank',
  lines: [],
  totalCents: 1200,
  payments: [{ method: 'cash', amountCents: 1200 }],
  createdAt: '2026-03-02T15:00:00.000Z',
};

describe('salesDay: who may see the day', () => {
  let database: ReturnType<typeof openTempDatabase>;
  beforeEach(() => {
    database = openTempDatabase();
    storeServerSale(database.db, localSale, 'America/New_York');
  });
  afterEach(() => database.cleanup());

  function withAnswer(respond: () => Response) {
    const clock = createManualClock();
    const requests: string[] = [];
    const api = createApiClient({
      baseUrl: () => 'http://127.0.0.1:9',
      clock,
      serverClock: createServerClock(clock),
      fetch: (async (url: URL) => {
        requests.push(String(url));
        return respond();
      }) as typeof fetch,
    });
    return { api, requests };
  }
  const refusal = (status: number, code: string, details?: object) => () =>
    Response.json({ error: { code, message: 'Refused by the server.', ...(details ? { details } : {}) } }, { status });

  it('staff without view_sales are refused in a sentence, before anything is read', async () => {
    const { api, requests } = withAnswer(() => Response.json({}));
    await expect(salesDay({ db: database.db, api, staff: teacherPermissions, staffToken: 'fds_t' }, date)).rejects.toMatchObject({
      code: 'permission_denied',
      message: VIEW_SALES_REFUSAL,
    });
    expect(VIEW_SALES_REFUSAL).toBe("Your role cannot view the day's sales.");
    expect(requests).toEqual([]);
  });

  it('a 403 from the server is a refusal too, not the local copy', async () => {
    const { api, requests } = withAnswer(refusal(403, 'permission_denied', { permission: 'view_sales' }));
    await expect(salesDay({ db: database.db, api, staff: ownerPermissions, staffToken: 'fds_o' }, date)).rejects.toMatchObject({
      code: 'permission_denied',
      message: VIEW_SALES_REFUSAL,
    });
    expect(requests).toHaveLength(1);
  });

  it('allowed staff whose token the server refuses (401), or who have none, see the local copy, marked local', async () => {
    const { api, requests } = withAnswer(refusal(401, 'unauthorized', { permission: 'view_sales' }));
    const refused = await salesDay({ db: database.db, api, staff: ownerPermissions, staffToken: 'fds_expired' }, date);
    expect(refused).toMatchObject({ source: 'local', totals: { totalCents: 1200, count: 1 } });
    expect(refused.sales.map((s) => s.id)).toEqual(['sale_local']);
    const noToken = await salesDay({ db: database.db, api, staff: ownerPermissions, staffToken: null }, date);
    expect(noToken).toMatchObject({ source: 'local', totals: { count: 1 } });
    expect(requests).toHaveLength(1); // without a staff token the server is not asked (it would refuse)
  });
});

describe("register engine: the day's sales by role", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('Tess (teacher) is refused with the sentence; Frank (front desk) reads the server', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const dayReads: string[] = [];
    const engine = await startEngine({
      dataDir: data.dir,
      fetch: (input, init) => {
        if (new URL(requestUrl(input)).pathname === '/api/v1/sales') dayReads.push(requestUrl(input));
        return fetch(input, init);
      },
    });
    cleanups.push(() => engine.stop());
    const tess = await enrollAndSignIn(engine, server.url, '5555');
    expect(tess.staff).toMatchObject({ name: 'Tess', role: 'teacher_restricted' });
    expect(tess.staff!.permissions).not.toContain('view_sales');
    await expect(engine.call('sales.day', {})).rejects.toMatchObject({ code: 'permission_denied', message: VIEW_SALES_REFUSAL });
    expect(dayReads).toEqual([]);
    // The roster is not money: Tess still reads it.
    expect((await engine.call('roster.day', {})).source).toBe('server');

    await engine.call('staff.signOut', {});
    await engine.call('staff.signIn', { pin: '2222' });
    const day = await engine.call('sales.day', {});
    expect(day.source).toBe('server');
    expect(dayReads).toHaveLength(1);
  });
});
