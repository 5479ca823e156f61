import { AppError } from '../../shared/contract/errors';
import type { IpcHandlers } from '../../shared/contract/ipc';
import type { RegisterSnapshot } from '../../shared/contract/register-view';
import { dateInZone } from '../../shared/domain/studio-time';
import type { LocalDb } from '../../db/open-database';
import { readCatalog, searchClients } from './caches';
import { readAvailableCatalog } from './local-availability';
import { addLine, clearCart, removeLine, setCartClient, updateLine, type PricingContext } from './cart-store';
import { checkout, readSale } from './checkout';
import type { EngineClock } from './engine-clock';
import { deleteMeta, getMeta, setMeta, type StoredEnrollment } from './meta-store';
import type { LinkCommands } from './link-commands';
import { assertCartUnlocked } from './link-store';
import { dismissNotice } from './notices';
import { assertMayViewSales, rosterDay, salesDay } from './sales-view';
import type { StaffAuth, StaffSession } from './staff-auth';
import type { ApiClient } from './api-client';
import { addClient, saveClientContact, type ClientCommandContext } from './client-commands';
import type { SettingsMethod } from './settings-handlers';
import type { RecoveryMethod } from './db-recovery-store';

// Every method of the IPC contract (shared/contract/ipc.ts). Input is already validated by dispatchIpc;
// refusals are AppErrors (not_enrolled, not_signed_in, invalid_request, …) and change nothing.

export type EngineCore = {
  db: LocalDb;
  api: ApiClient;
  clock: EngineClock;
  serverNow(): number;
  registerToken(): string | null;
  staffAuth: StaffAuth;
  snapshot(): RegisterSnapshot;
  /** Something changed: push a fresh snapshot to the renderer. */
  changed(): void;
  enroll(input: { serverUrl: string; code: string; name: string }): Promise<void>;
  /** After a checkout: send the queued command now (not awaited by the caller). */
  kickOutbox(): void;
  /** The catalog as this register sees it changed (a sale queued here took places): tell the renderer. */
  catalogChanged(): void;
  links: LinkCommands;
};

function requireEnrollment(core: EngineCore): StoredEnrollment {
  const enrollment = getMeta(core.db, 'enrollment');
  if (!enrollment) throw new AppError('not_enrolled', 'This register is not enrolled yet. Enroll it with the code from the studio owner.');
  return enrollment;
}

function requireStaff(core: EngineCore): { enrollment: StoredEnrollment; session: StaffSession } {
  const enrollment = requireEnrollment(core);
  const session = core.staffAuth.current();
  if (!session) throw new AppError('not_signed_in', 'Sign in with your PIN first.');
  core.staffAuth.activity();
  return { enrollment, session };
}

function pricingContext(core: EngineCore, enrollment: StoredEnrollment): PricingContext {
  return {
    // This register's own queued sales count as booked: a place sold offline cannot be sold again here.
    items: readAvailableCatalog(core.db),
    today: dateInZone(core.serverNow(), enrollment.location.timeZone),
    now: core.clock.now(),
  };
}

/** Every method but Settings' and receipt printing (settings-handlers.ts). */
export function createHandlers(core: EngineCore): Omit<IpcHandlers, SettingsMethod | RecoveryMethod> {
  const after = <T>(value: T): T => {
    core.changed();
    return value;
  };
  const snapshotAfter = () => after(core.snapshot());
  // Staff moved on after a finished link (expired, canceled): it leaves the panel.
  const cartChanged = () => {
    core.links.moveOn();
    return snapshotAfter();
  };
  const today = (enrollment: StoredEnrollment) => dateInZone(core.serverNow(), enrollment.location.timeZone);
  const staffToken = (session: StaffSession) => core.staffAuth.tokenFor(session.staff.id) ?? core.registerToken();
  const clientContext = (session: StaffSession): ClientCommandContext => ({
    db: core.db,
    api: core.api,
    // The connection as the top bar shows it: offline means no answer is coming, so staff are told at once.
    online: core.snapshot().connection.kind !== 'offline',
    staffToken: core.staffAuth.tokenFor(session.staff.id),
    now: core.clock.now(),
  });

  return {
    'app.snapshot': async () => core.snapshot(),
    'link.send': async (input) => {
      const { enrollment, session } = requireStaff(core);
      await core.links.send(input, { enrollment, staff: session.staff });
      return snapshotAfter();
    },
    'link.resend': async (input) => {
      const { session } = requireStaff(core);
      await core.links.resend(input, session);
      return snapshotAfter();
    },
    'link.cancel': async (input) => {
      const { session } = requireStaff(core);
      await core.links.cancel(input, session);
      return snapshotAfter();
    },
    'link.dismiss': async (input) => {
      requireStaff(core);
      core.links.dismiss(input);
      return snapshotAfter();
    },
    'link.park': async () => {
      requireStaff(core);
      core.links.park();
      return snapshotAfter();
    },
    'link.reopen': async (input) => {
      requireStaff(core);
      core.links.reopen(input);
      return snapshotAfter();
    },
    'receipt.show': async ({ saleId }) => {
      requireStaff(core);
      if (!readSale(core.db, saleId)) throw new AppError('not_found', 'That sale is not on this register.', { saleId });
      setMeta(core.db, 'lastSaleId', saleId);
      // A receipt reopened later is a reprint: its change was handed back when it was sold.
      deleteMeta(core.db, 'changeDueSaleId');
      return snapshotAfter();
    },
    'register.enroll': async (input) => {
      await core.enroll(input);
      return snapshotAfter();
    },
    'staff.signIn': async ({ pin }) => {
      requireEnrollment(core);
      await core.staffAuth.signIn(pin);
      return snapshotAfter();
    },
    'staff.signOut': async () => {
      core.staffAuth.signOut('manual');
      return snapshotAfter();
    },
    'staff.activity': async () => {
      core.staffAuth.activity();
      return { ok: true as const };
    },
    'catalog.list': async () => {
      requireEnrollment(core);
      return { items: readAvailableCatalog(core.db), updatedAt: getMeta(core.db, 'catalogUpdatedAt') ?? 0 };
    },
    'clients.search': async ({ query }) => {
      requireStaff(core);
      return { clients: searchClients(core.db, query) };
    },
    // Adding a client from the cart's search makes them the cart's client, as picking one does; a cart held by a
    // link is refused first, so the client is not added to a cart that cannot take them.
    'clients.add': async (input) => {
      const { enrollment, session } = requireUnlockedCart(core);
      const client = await addClient(clientContext(session), input);
      setCartClient(core.db, client.id, pricingContext(core, enrollment));
      return { client, snapshot: cartChanged() };
    },
    'clients.saveContact': async (input) => {
      const { session } = requireStaff(core);
      const client = await saveClientContact(clientContext(session), input);
      return { client, snapshot: snapshotAfter() };
    },
    'cart.setClient': async ({ clientId }) => {
      const { enrollment } = requireUnlockedCart(core);
      setCartClient(core.db, clientId, pricingContext(core, enrollment));
      return cartChanged();
    },
    'cart.addLine': async (input) => {
      const { enrollment } = requireUnlockedCart(core);
      addLine(core.db, input, pricingContext(core, enrollment));
      return cartChanged();
    },
    'cart.updateLine': async (input) => {
      const { enrollment } = requireUnlockedCart(core);
      updateLine(core.db, input, pricingContext(core, enrollment));
      return cartChanged();
    },
    'cart.removeLine': async ({ lineId }) => {
      requireUnlockedCart(core);
      removeLine(core.db, lineId, core.clock.now());
      return cartChanged();
    },
    'cart.clear': async () => {
      requireUnlockedCart(core);
      clearCart(core.db, core.clock.now());
      return cartChanged();
    },
    'checkout.pay': async (input) => {
      const { enrollment, session } = requireUnlockedCart(core);
      const cartId = getMeta(core.db, 'currentCartId');
      const result = checkout(core.db, input, {
        items: readCatalog(core.db),
        enrollment,
        staff: session.staff,
        serverNow: core.serverNow(),
        now: core.clock.now(),
      });
      core.kickOutbox();
      if (result.sale.lines.some((l) => l.sessionId || l.slotId)) core.catalogChanged();
      // The sold cart's ended links (an expired link before cash was taken) leave the tray with it.
      core.links.moveOn(cartId);
      return { ...result, snapshot: snapshotAfter() };
    },
    'receipt.changeGiven': async () => {
      deleteMeta(core.db, 'changeDueSaleId');
      return snapshotAfter();
    },
    'receipt.dismiss': async () => {
      const saleId = getMeta(core.db, 'lastSaleId');
      deleteMeta(core.db, 'lastSaleId');
      deleteMeta(core.db, 'changeDueSaleId');
      if (saleId) core.links.receiptSeen(saleId);
      return snapshotAfter();
    },
    'notices.dismiss': async ({ id }) => {
      if (!dismissNotice(core.db, id)) throw new AppError('not_found', 'That notice is no longer shown.', { id });
      return snapshotAfter();
    },
    'sales.day': async ({ date }) => {
      const { enrollment, session } = requireStaff(core);
      // Refused before anything is read: teacher and guest roles have no view_sales.
      assertMayViewSales(session.staff);
      const token = core.staffAuth.tokenFor(session.staff.id);
      return salesDay({ db: core.db, api: core.api, staff: session.staff, staffToken: token }, date ?? today(enrollment));
    },
    'roster.day': async ({ date }) => {
      const { enrollment, session } = requireStaff(core);
      return rosterDay({ db: core.db, api: core.api, staffToken: staffToken(session), timeZone: enrollment.location.timeZone }, date ?? today(enrollment));
    },
  };
}

/** Cart changes and checkout: refused while a link holds the cart; a finished link leaves the panel. */
function requireUnlockedCart(core: EngineCore): { enrollment: StoredEnrollment; session: StaffSession } {
  const staff = requireStaff(core);
  assertCartUnlocked(core.db);
  return staff;
}
