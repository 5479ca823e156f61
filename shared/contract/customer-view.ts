import { z } from 'zod';
import { LocationSchema } from './entities';
import { CentsSchema, CurrencySchema, IsoTimeSchema } from './primitives';

// What the customer-facing display shows the client at the desk: only the cart on screen (its lines and total),
// the link's QR code and time left, then a thank-you. It carries no staff names, no other client, no tray, no
// activity, and the display that shows it sends nothing back.

// The studio's locale and country write the money and times as the register does.
const StudioSchema = LocationSchema.pick({ name: true, timeZone: true, locale: true, country: true });
export type CustomerStudio = z.infer<typeof StudioSchema>;

const CustomerLineSchema = z.object({
  name: z.string(),
  quantity: z.number().int().min(1),
  totalCents: CentsSchema,
  /** A class or appointment's start, shown in the studio's time zone. */
  startsAt: IsoTimeSchema.optional(),
  seatLabel: z.string().optional(),
});
export type CustomerLine = z.infer<typeof CustomerLineSchema>;

const CartShape = {
  studio: StudioSchema,
  /** The client's first name only ("Maya"), or null for a walk-in. */
  firstName: z.string().nullable(),
  lines: z.array(CustomerLineSchema),
  totalCents: CentsSchema,
  currency: CurrencySchema,
};

export const CustomerViewSchema = z.discriminatedUnion('kind', [
  /** Nobody is being served (no cart, an empty one, or nobody signed in): a welcome. */
  z.object({ kind: z.literal('idle'), studio: StudioSchema.nullable() }),
  z.object({ kind: z.literal('cart'), ...CartShape }),
  /**
   * A payment link waits: its QR code (url is null until the server has created it) and its time left, measured when
   * the view was made; the display counts it down with its own monotonic clock.
   */
  z.object({ kind: z.literal('waiting'), ...CartShape, url: z.string().nullable(), expiresInMs: z.number().int().min(0).nullable() }),
  z.object({
    kind: z.literal('paid'),
    studio: StudioSchema,
    firstName: z.string().nullable(),
    totalCents: CentsSchema,
    currency: CurrencySchema,
    /** The change to hand back after a cash sale. */
    changeCents: CentsSchema.optional(),
  }),
]);
export type CustomerView = z.infer<typeof CustomerViewSchema>;

/** What the browser host's customer socket sends: views, and the refusal of anything the page sends it. */
export const CustomerFrameSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('view'), view: CustomerViewSchema }),
  z.object({ kind: z.literal('error'), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type CustomerFrame = z.infer<typeof CustomerFrameSchema>;

/** The browser host's read-only WebSocket path for the customer display; its own secret goes in `secret`. */
export const CUSTOMER_VIEW_PATH = '/customer-view';
