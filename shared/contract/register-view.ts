import { z } from 'zod';
import { ClientSchema, DeliverySchema, LinkStatusSchema, LocationSchema, PricedLineSchema, SaleSchema, StaffSchema } from './entities';
import { RegisterInfoSchema } from './http';
import { CentsSchema, CurrencySchema, DateOnlySchema, IdSchema } from './primitives';

// What the register engine shows the renderer: one snapshot, pushed whenever it changes.

/** The register's connection to the cloud, always shown in the UI (DESIGN.md section 6). */
const ConnectionStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('live'), since: z.number() }),
  z.object({ kind: z.literal('polling'), since: z.number(), lastError: z.string().optional() }),
  z.object({ kind: z.literal('offline'), since: z.number(), retryAt: z.number().optional(), lastError: z.string().optional() }),
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

const EnrollmentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unenrolled'), defaultServerUrl: z.string().optional() }),
  z.object({
    kind: z.literal('enrolled'),
    register: RegisterInfoSchema,
    location: LocationSchema,
    serverUrl: z.string(),
  }),
]);

const SignedInStaffSchema = StaffSchema.extend({
  /** True when the PIN was checked against the hash kept from an earlier online sign-in. */
  signedInOffline: z.boolean(),
});
export type SignedInStaff = z.infer<typeof SignedInStaffSchema>;

const CartViewSchema = z.object({
  id: IdSchema,
  clientId: IdSchema.nullable(),
  client: ClientSchema.nullable(),
  lines: z.array(PricedLineSchema),
  totalCents: CentsSchema,
  currency: CurrencySchema,
  /** A payment link holds the cart (waiting, or paid with its sale on the way): it takes no changes or other payment. */
  locked: z.boolean().default(false),
  /** Set when the cart no longer prices against the catalog (an item or session went away). */
  problem: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type CartView = z.infer<typeof CartViewSchema>;

const NoticeSchema = z.object({
  id: IdSchema,
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  at: z.number(),
  /** A sale the notice offers to show (a parked link was paid): the renderer offers Show receipt. */
  saleId: IdSchema.optional(),
});
export type Notice = z.infer<typeof NoticeSchema>;

/**
 * Where a payment link stands on this register, as one word (the engine's link state, told for a person):
 * sending (the create is not answered yet), waiting, resending, cancel_queued (canceled here, not yet confirmed),
 * given_up (canceled while the server was unreachable and past its time: the cart is open), paid, expired,
 * canceled, unknown (the server no longer knows it), refused (the server refused to create it; nothing was sent).
 */
const LinkPhaseSchema = z.enum(['sending', 'waiting', 'resending', 'cancel_queued', 'given_up', 'paid', 'expired', 'canceled', 'unknown', 'refused']);
export type LinkPhase = z.infer<typeof LinkPhaseSchema>;

/**
 * A payment link as the register mirrors it (the server is the judge).
 * `expiresInMs` is measured by the engine's server-corrected monotonic clock when the snapshot is built; the
 * renderer counts it down with its own monotonic clock (performance.now), so a wrong PC clock changes nothing.
 */
const LinkViewSchema = z.object({
  /** The register's own id of the link (what link.* commands name). */
  localId: IdSchema,
  /** The server's id, once the create is answered. */
  id: IdSchema.nullable(),
  url: z.string().nullable(),
  phase: LinkPhaseSchema,
  /** The server's status as far as the register knows it (pending until the server says otherwise). */
  status: LinkStatusSchema,
  clientName: z.string(),
  /** The link's client (a contact corrected on resend can be saved to their profile). */
  clientId: IdSchema.optional(),
  totalCents: CentsSchema,
  currency: CurrencySchema,
  expiresAt: z.string().nullable(),
  expiresInMs: z.number().int().min(0).nullable(),
  resendCount: z.number().int().min(0),
  deliveries: z.array(DeliverySchema),
  openedAt: z.string().optional(),
  paidAt: z.string().optional(),
  /** The sale of a paid link, once it is recorded here (Show receipt). */
  saleId: IdSchema.nullable(),
  /** Its cart is the cart on the Sell screen (otherwise it waits, parked, in the tray). */
  onScreen: z.boolean(),
  /** Where the client is with their card now (a 3-D Secure step, a decline), while the link waits; null otherwise. */
  payment: z.object({ kind: z.enum(['authenticating', 'failed']), message: z.string() }).nullable(),
  /** What happened so far (deliveries, opened, resends, the end), oldest first; the end always last. */
  activity: z.array(z.object({ at: z.string(), message: z.string() })),
});
export type LinkView = z.infer<typeof LinkViewSchema>;

/** What waits in the outbox, by what it is (the top bar says it in words). */
const OutboxWaitingSchema = z.object({
  cashSales: z.number().int().min(0),
  cardSales: z.number().int().min(0),
  links: z.number().int().min(0),
  resends: z.number().int().min(0),
  cancels: z.number().int().min(0),
});
export type OutboxWaiting = z.infer<typeof OutboxWaitingSchema>;

export const RegisterSnapshotSchema = z.object({
  enrollment: EnrollmentSchema,
  staff: SignedInStaffSchema.nullable(),
  connection: ConnectionStateSchema,
  cart: CartViewSchema.nullable(),
  /** Commands written locally and not yet answered by the server. */
  outbox: z.object({ pending: z.number().int().min(0), waiting: OutboxWaitingSchema }),
  notices: z.array(NoticeSchema),
  /** The payment link of the cart on the Sell screen; while it is active the cart is locked. */
  activeLink: LinkViewSchema.nullable().default(null),
  /** The pending links tray: every link not yet dismissed, parked or on screen, oldest first. */
  links: z.array(LinkViewSchema).default([]),
  /** The receipt to show after a checkout, until dismissed. */
  lastSale: SaleSchema.nullable(),
  /** The change of `lastSale` (a cash sale) to hand back: shown full screen before its receipt until confirmed. */
  changeDueCents: CentsSchema.nullable().default(null),
  /** The studio's calendar date, by the server-corrected clock. */
  today: DateOnlySchema,
});
export type RegisterSnapshot = z.infer<typeof RegisterSnapshotSchema>;

export const PushMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: RegisterSnapshotSchema }),
  z.object({ type: z.literal('catalog'), updatedAt: z.number() }),
]);
export type PushMessage = z.infer<typeof PushMessageSchema>;
