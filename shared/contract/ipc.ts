import { z } from 'zod';
import { ConnectionTestSchema, DeskSettingsSchema, SettingsInfoSchema, SettingsServerUrlSchema } from './desk-settings';
import { BookingSchema, CatalogItemSchema, ClientSchema, SaleSchema } from './entities';
import { AppError, invalidRequest } from './errors';
import { SalesTotalsSchema } from './http';
import { CentsSchema, DateOnlySchema, IdSchema, NameSchema, PinSchema } from './primitives';
import { RecoveryViewSchema } from './recovery';
import { RegisterSnapshotSchema } from './register-view';

// The one typed contract between the renderer and the register engine. Electron carries it over
// ipcMain/ipcRenderer (electron/main, electron/preload); the browser host over a loopback WebSocket.

const Empty = z.object({}).strict();
const Snapshot = RegisterSnapshotSchema;

const CartLineInputSchema = z
  .object({
    itemId: IdSchema,
    quantity: z.number().int().min(1).max(99).optional(),
    sessionId: IdSchema.optional(),
    slotId: IdSchema.optional(),
    seatId: IdSchema.optional(),
    startsOn: DateOnlySchema.optional(),
    chargeLater: z.boolean().optional(),
  })
  .strict();

const ipcContract = {
  'app.snapshot': { input: Empty, output: Snapshot },
  'register.enroll': {
    input: z.object({ serverUrl: z.url({ protocol: /^https?$/ }).max(300), code: z.string().trim().min(1).max(64), name: NameSchema }).strict(),
    output: Snapshot,
  },
  'staff.signIn': { input: z.object({ pin: PinSchema }).strict(), output: Snapshot },
  'staff.signOut': { input: Empty, output: Snapshot },
  /** The renderer reports staff activity (throttled) so inactivity sign-out only happens at an idle desk. */
  'staff.activity': { input: Empty, output: z.object({ ok: z.literal(true) }) },
  'catalog.list': { input: Empty, output: z.object({ items: z.array(CatalogItemSchema), updatedAt: z.number() }) },
  'clients.search': { input: z.object({ query: z.string().max(100) }).strict(), output: z.object({ clients: z.array(ClientSchema) }) },
  /**
   * Adds a client on the server (online only: `offline` otherwise) and makes them the cart's client; refused with
   * cart_locked while a link holds the cart. At least one of phone and email; client_exists {clientId, clientName}.
   */
  'clients.add': {
    input: z.object({ name: NameSchema, phone: z.string().trim().max(32).optional(), email: z.string().trim().max(254).optional() }).strict(),
    output: z.object({ client: ClientSchema, snapshot: Snapshot }),
  },
  /** Saves a corrected phone and/or email to a client's profile on the server (online only). */
  'clients.saveContact': {
    input: z.object({ clientId: IdSchema, phone: z.string().trim().max(32).optional(), email: z.string().trim().max(254).optional() }).strict(),
    output: z.object({ client: ClientSchema, snapshot: Snapshot }),
  },
  'cart.setClient': { input: z.object({ clientId: IdSchema.nullable() }).strict(), output: Snapshot },
  'cart.addLine': { input: CartLineInputSchema, output: Snapshot },
  'cart.updateLine': {
    input: z
      .object({
        lineId: IdSchema,
        quantity: z.number().int().min(1).max(99).optional(),
        startsOn: DateOnlySchema.optional(),
        chargeLater: z.boolean().optional(),
      })
      .strict(),
    output: Snapshot,
  },
  'cart.removeLine': { input: z.object({ lineId: IdSchema }).strict(), output: Snapshot },
  'cart.clear': { input: Empty, output: Snapshot },
  'checkout.pay': {
    input: z.object({ method: z.enum(['cash', 'external_card']), tenderedCents: CentsSchema.optional() }).strict(),
    output: z.object({ sale: SaleSchema, changeCents: CentsSchema, snapshot: Snapshot }),
  },
  'receipt.dismiss': { input: Empty, output: Snapshot },
  /** Staff handed the change back: the "Change due" screen gives way to the receipt. */
  'receipt.changeGiven': { input: Empty, output: Snapshot },
  /** Send payment link for the current cart (issue 4). Contact fields are validated again by the engine and the server. */
  'link.send': {
    input: z
      .object({
        /** Empty: no message is sent; the client scans the link's QR code at the desk. */
        channels: z.array(z.enum(['sms', 'email'])).max(2),
        phone: z.string().trim().max(32).optional(),
        email: z.string().trim().max(254).optional(),
      })
      .strict(),
    output: Snapshot,
  },
  /** Resend, cancel and dismiss name a link of the tray (`linkId`, the register's own id) or, without it, the cart's on screen. */
  'link.resend': {
    input: z.object({ linkId: IdSchema.optional(), phone: z.string().trim().max(32).optional(), email: z.string().trim().max(254).optional() }).strict(),
    output: Snapshot,
  },
  'link.cancel': { input: z.object({ linkId: IdSchema.optional() }).strict(), output: Snapshot },
  /** Staff saw how a link ended (paid, expired, canceled): it leaves the tray and the panel. */
  'link.dismiss': { input: z.object({ linkId: IdSchema.optional() }).strict(), output: Snapshot },
  /** Serve next client: the cart on screen and its pending link wait in the tray; a new empty cart opens. */
  'link.park': { input: Empty, output: Snapshot },
  /** Reopens the cart of an ended link (expired, canceled) for editing or another payment method. */
  'link.reopen': { input: z.object({ linkId: IdSchema }).strict(), output: Snapshot },
  /** Shows the receipt of a sale this register knows (a parked link's payment), over the current cart. */
  'receipt.show': { input: z.object({ saleId: IdSchema }).strict(), output: Snapshot },
  'notices.dismiss': { input: z.object({ id: IdSchema }).strict(), output: Snapshot },
  'sales.day': {
    input: z.object({ date: DateOnlySchema.optional() }).strict(),
    output: z.object({
      date: DateOnlySchema,
      sales: z.array(SaleSchema),
      totals: SalesTotalsSchema,
      /** `server` when read from the cloud; `local` (this register's sales only) when it is unreachable. */
      source: z.enum(['server', 'local']),
      pendingUpload: z.number().int().min(0),
      /** This day's sales made here that the server does not have yet (marked in the table). */
      pendingSaleIds: z.array(IdSchema),
    }),
  },
  'roster.day': {
    input: z.object({ date: DateOnlySchema.optional() }).strict(),
    output: z.object({ date: DateOnlySchema, bookings: z.array(BookingSchema), source: z.enum(['server', 'local']) }),
  },
  /**
   * Settings (owner and manager): opened with their PIN over the signed-in person's session. A wrong PIN answers
   * invalid_pin and counts as a sign-in attempt (too_many_attempts); another role's PIN answers permission_denied.
   * The other settings.* methods answer settings_locked once Settings closed (sign-out, a few minutes unused).
   */
  'settings.open': { input: z.object({ pin: PinSchema }).strict(), output: SettingsInfoSchema },
  'settings.close': { input: Empty, output: z.object({ ok: z.literal(true) }) },
  'settings.read': { input: Empty, output: SettingsInfoSchema },
  /** Answers in words whether a Frontdesk server answers at this URL (the URL is judged here: invalid_url). */
  'settings.testConnection': { input: z.object({ serverUrl: z.string().trim().min(1).max(300) }).strict(), output: ConnectionTestSchema },
  'settings.save': { input: DeskSettingsSchema, output: SettingsInfoSchema },
  /** Renames the register on the server, then here; offline when the server cannot be reached (nothing changes). */
  'settings.renameRegister': {
    input: z.object({ name: NameSchema }).strict(),
    output: z.object({ info: SettingsInfoSchema, message: z.string(), snapshot: Snapshot }),
  },
  /** Refused with unsent_sales while the outbox holds anything unsent, link_active while a link may still be paid. */
  'settings.reenroll': {
    input: z.object({ serverUrl: SettingsServerUrlSchema, code: z.string().trim().min(1).max(64), name: NameSchema }).strict(),
    output: Snapshot,
  },
  'settings.checkForUpdates': { input: Empty, output: SettingsInfoSchema },
  /** Writes a diagnostics folder (no secrets) and opens it where the host can; `shown` says whether it did. */
  'settings.saveDiagnostics': { input: Empty, output: z.object({ path: z.string(), shown: z.boolean() }) },
  /** Opens the last saved diagnostics folder again (Electron); false where the host cannot. */
  'settings.showDiagnostics': { input: Empty, output: z.object({ shown: z.boolean() }) },
  /**
   * Prints the receipt on screen to the printer chosen in Settings. `after_sale` prints only once, for the sale just
   * made, and only with "Print after every sale" on. `openDialog`: the host cannot print silently, so the renderer
   * opens the browser's print dialog.
   */
  'receipt.print': {
    input: z.object({ saleId: IdSchema, trigger: z.enum(['button', 'after_sale']) }).strict(),
    output: z.object({ printed: z.boolean(), openDialog: z.boolean() }),
  },
  /**
   * After a start from the newest backup (the data file was damaged): the sales and commands read from the damaged
   * file that the backup lacks, kept until dismissed. Resend puts a sale back in the outbox as it was (same id and
   * idempotency key); resend and dismiss need a signed-in staff member.
   */
  'recovery.list': { input: Empty, output: z.object({ recovery: RecoveryViewSchema }) },
  'recovery.resend': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: z.object({ recovery: RecoveryViewSchema }) },
  'recovery.dismiss': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: z.object({ recovery: RecoveryViewSchema }) },
} as const;

type IpcContract = typeof ipcContract;
export type IpcMethod = keyof IpcContract;
export type IpcInput<M extends IpcMethod> = z.input<IpcContract[M]['input']>;
export type IpcOutput<M extends IpcMethod> = z.infer<IpcContract[M]['output']>;
/** What the engine implements: one handler per method, receiving already-validated input. */
export type IpcHandlers = { [M in IpcMethod]: (input: z.infer<IpcContract[M]['input']>) => Promise<IpcOutput<M>> };

/** `code` is an ErrorCode, or a code of a newer server this build does not know yet: kept as the string it is. */
export type IpcError = { code: string; message: string; details?: Record<string, unknown> };
export type IpcResult = { ok: true; value: unknown } | { ok: false; error: IpcError };

function isIpcMethod(method: unknown): method is IpcMethod {
  return typeof method === 'string' && Object.prototype.hasOwnProperty.call(ipcContract, method);
}

/** Validates one message and runs its handler. Never throws: every failure is an envelope with a code and a sentence. */
export async function dispatchIpc(handlers: IpcHandlers, method: unknown, input: unknown): Promise<IpcResult> {
  if (!isIpcMethod(method)) {
    return { ok: false, error: { code: 'invalid_request', message: 'The register does not know that command.' } };
  }
  const parsed = ipcContract[method].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: invalidRequest(parsed.error, 'That command').toBody().error };
  try {
    const handler = handlers[method] as (value: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toBody().error };
    console.error(`[ipc] ${method} failed`, error);
    return { ok: false, error: { code: 'internal_error', message: 'Something went wrong in the register; it was logged.' } };
  }
}

// The browser host's loopback WebSocket carries the same contract as these frames.
export const BridgeRequestSchema = z.object({ id: z.number().int().min(0), method: z.string().max(64), input: z.unknown() });
export type BridgeFrame = { kind: 'result'; id: number; result: IpcResult } | { kind: 'push'; push: unknown };
/** The WebSocket path of the browser host; the per-run secret goes in the `secret` query parameter. */
export const BRIDGE_PATH = '/bridge';
