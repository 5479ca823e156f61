import { z } from 'zod';
import {
  ClientSchema,
  DeliverySchema,
  LinkStatusSchema,
  LocationSchema,
  PricedLineSchema,
  SaleSchema,
  StaffSchema,
} from './entities';
import { RegisterInfoSchema } from './http';
import { CentsSchema, CurrencySchema, DateOnlySchema, IdSchema } from './primitives';

// What the register engine shows the renderer: one snapshot, pushed whenever it changes.

/** The register's connection to the cloud, always shown in the UI (DESIGN.md section 6). */
export const ConnectionStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('live'), since: z.number() }),
  z.object({ kind: z.literal('polling'), since: z.number(), lastError: z.string().optional() }),
  z.object({ kind: z.literal('offline'), since: z.number(), retryAt: z.number().optional(), lastError: z.string().optional() }),
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

export const EnrollmentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unenrolled'), defaultServerUrl: z.string().optional() }),
  z.object({
    kind: z.literal('enrolled'),
    register: RegisterInfoSchema,
    location: LocationSchema,
    serverUrl: z.string(),
  }),
]);
export type Enrollment = z.infer<typeof EnrollmentSchema>;

export const SignedInStaffSchema = StaffSchema.extend({
  /** True when the PIN was checked against the hash kept from an earlier online sign-in. */
  signedInOffline: z.boolean(),
});
export type SignedInStaff = z.infer<typeof SignedInStaffSchema>;

export const CartViewSchema = z.object({
  id: IdSchema,
  clientId: IdSchema.nullable(),
  client: ClientSchema.nullable(),
  lines: z.array(PricedLineSchema),
  totalCents: CentsSchema,
  currency: CurrencySchema,
  /** Set when the cart no longer prices against the catalog (an item or session went away). */
  problem: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type CartView = z.infer<typeof CartViewSchema>;

export const NoticeSchema = z.object({
  id: IdSchema,
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  at: z.number(),
});
export type Notice = z.infer<typeof NoticeSchema>;

/**
 * The payment link of the current cart as the register mirrors it (the server is the judge).
 * `expiresInMs` is measured by the engine's server-corrected monotonic clock when the snapshot is built; the
 * renderer counts it down with its own monotonic clock (performance.now), so a wrong PC clock changes nothing.
 */
export const LinkViewSchema = z.object({
  id: IdSchema.nullable(),
  url: z.string().nullable(),
  status: LinkStatusSchema,
  clientName: z.string(),
  totalCents: CentsSchema,
  currency: CurrencySchema,
  expiresAt: z.string().nullable(),
  expiresInMs: z.number().int().min(0).nullable(),
  resendCount: z.number().int().min(0),
  deliveries: z.array(DeliverySchema),
  openedAt: z.string().optional(),
  paidAt: z.string().optional(),
  /** A command written locally and not yet confirmed by the server (e.g. a cancel made offline). */
  pendingCommand: z.enum(['create', 'resend', 'cancel']).nullable(),
  /** Payment activity worth showing on the waiting panel (declines, 3-D Secure started), newest last. */
  activity: z.array(z.object({ at: z.string(), message: z.string() })),
});
export type LinkView = z.infer<typeof LinkViewSchema>;

export const RegisterSnapshotSchema = z.object({
  enrollment: EnrollmentSchema,
  staff: SignedInStaffSchema.nullable(),
  connection: ConnectionStateSchema,
  cart: CartViewSchema.nullable(),
  /** Commands written locally and not yet answered by the server. */
  outbox: z.object({ pending: z.number().int().min(0) }),
  notices: z.array(NoticeSchema),
  /** The payment link of the current cart; while it is pending or being canceled the cart is locked. */
  activeLink: LinkViewSchema.nullable().default(null),
  /** The receipt to show after a checkout, until dismissed. */
  lastSale: SaleSchema.nullable(),
  /** The studio's calendar date, by the server-corrected clock. */
  today: DateOnlySchema,
});
export type RegisterSnapshot = z.infer<typeof RegisterSnapshotSchema>;

export const PushMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: RegisterSnapshotSchema }),
  z.object({ type: z.literal('catalog'), updatedAt: z.number() }),
]);
export type PushMessage = z.infer<typeof PushMessageSchema>;
