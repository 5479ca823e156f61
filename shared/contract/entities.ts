import { z } from 'zod';
import { DEFAULT_STUDIO_COUNTRY, DEFAULT_STUDIO_LOCALE } from '../domain/studio-locale';
import { CentsSchema, CurrencySchema, DateOnlySchema, E164Schema, EmailSchema, IdSchema, IsoTimeSchema } from './primitives';

// Shapes the register and the server share (DESIGN.md section 5). More fields may be added, never renamed.

export const LocationSchema = z.object({
  id: IdSchema,
  name: z.string(),
  widget: z.string(),
  currency: CurrencySchema,
  timeZone: z.string(),
  /** BCP 47 (en-US, en-GB): money, dates and times. Defaulted so an older server's bootstrap still reads. */
  locale: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag, like en-GB')
    .default(DEFAULT_STUDIO_LOCALE),
  /** ISO 3166 alpha-2 (US, GB): the region a phone number typed without + is read in. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code, like GB')
    .default(DEFAULT_STUDIO_COUNTRY),
});

const PERMISSIONS = ['send_payment_link', 'take_payment', 'view_sales'] as const;
const PermissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof PermissionSchema>;

export const ROLES = ['owner', 'manager', 'franchisee', 'front_desk', 'teacher_restricted', 'guest'] as const;
const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const StaffSchema = z.object({
  id: IdSchema,
  name: z.string(),
  role: RoleSchema,
  permissions: z.array(PermissionSchema),
});
export type Staff = z.infer<typeof StaffSchema>;

export const ClientSchema = z.object({
  id: IdSchema,
  name: z.string(),
  email: EmailSchema.optional(),
  phone: E164Schema.optional(),
});
export type Client = z.infer<typeof ClientSchema>;

const ITEM_KINDS = ['class', 'appointment', 'package', 'membership', 'product'] as const;
const ItemKindSchema = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKindSchema>;

const PLACE_STATES = ['free', 'held', 'booked'] as const;
const PlaceStateSchema = z.enum(PLACE_STATES);

const SeatSchema = z.object({ id: IdSchema, label: z.string(), state: PlaceStateSchema });
export type Seat = z.infer<typeof SeatSchema>;

const SessionSchema = z.object({
  id: IdSchema,
  startsAt: IsoTimeSchema,
  durationMin: z.number().int().positive(),
  capacity: z.number().int().min(0),
  booked: z.number().int().min(0),
  held: z.number().int().min(0),
  seats: z.array(SeatSchema).optional(),
});
export type Session = z.infer<typeof SessionSchema>;

const SlotSchema = z.object({
  id: IdSchema,
  startsAt: IsoTimeSchema,
  durationMin: z.number().int().positive(),
  staffName: z.string(),
  state: PlaceStateSchema,
});
export type Slot = z.infer<typeof SlotSchema>;

export const CatalogItemSchema = z.object({
  id: IdSchema,
  kind: ItemKindSchema,
  name: z.string(),
  description: z.string().optional(),
  priceCents: CentsSchema,
  sessions: z.array(SessionSchema).optional(),
  slots: z.array(SlotSchema).optional(),
  membership: z.object({ chargeLaterAllowed: z.boolean() }).optional(),
});
export type CatalogItem = z.infer<typeof CatalogItemSchema>;

export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 50;

/** A cart line as the register keeps it and sends it. Place-taking lines (session, slot, seat) have quantity 1. */
const CartLineSchema = z.object({
  id: IdSchema,
  itemId: IdSchema,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
  sessionId: IdSchema.optional(),
  slotId: IdSchema.optional(),
  seatId: IdSchema.optional(),
  startsOn: DateOnlySchema.optional(),
  chargeLater: z.boolean().optional(),
});
export type CartLine = z.infer<typeof CartLineSchema>;

export const CartSchema = z.object({
  id: IdSchema,
  clientId: IdSchema.nullable(),
  lines: z.array(CartLineSchema).max(MAX_CART_LINES),
  totalCents: CentsSchema,
});
export type Cart = z.infer<typeof CartSchema>;

/** A line with its name and price resolved from the catalog: what receipts, links and sales show. */
export const PricedLineSchema = CartLineSchema.extend({
  kind: ItemKindSchema,
  name: z.string(),
  unitCents: CentsSchema,
  totalCents: CentsSchema,
  startsAt: IsoTimeSchema.optional(),
  seatLabel: z.string().optional(),
  staffName: z.string().optional(),
});
export type PricedLine = z.infer<typeof PricedLineSchema>;

const PAYMENT_METHODS = ['cash', 'external_card', 'payment_link'] as const;
const PaymentMethodSchema = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

const SalePaymentSchema = z.object({
  method: PaymentMethodSchema,
  amountCents: CentsSchema,
  /** Cash only: what the client handed over (at least `amountCents`); the change is the difference. */
  tenderedCents: CentsSchema.optional(),
  cardBrand: z.string().optional(),
  cardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});
export type SalePayment = z.infer<typeof SalePaymentSchema>;

export const SaleSchema = z.object({
  id: IdSchema,
  receiptNumber: z.string(),
  clientId: IdSchema.nullable(),
  clientName: z.string().optional(),
  staffId: IdSchema,
  staffName: z.string().optional(),
  registerId: IdSchema.optional(),
  lines: z.array(PricedLineSchema),
  totalCents: CentsSchema,
  currency: CurrencySchema.optional(),
  payments: z.array(SalePaymentSchema),
  linkId: IdSchema.optional(),
  createdAt: IsoTimeSchema,
  /** `register`: a late offline sale accepted at the register's total after a price change. */
  priceCheck: z.enum(['catalog', 'register']).optional(),
  /** Register-side only: whether this register's sale has reached the server yet. */
  uploadStatus: z.enum(['pending', 'uploaded', 'failed']).optional(),
});
export type Sale = z.infer<typeof SaleSchema>;

export const BookingSchema = z.object({
  id: IdSchema,
  saleId: IdSchema,
  itemId: IdSchema,
  itemName: z.string(),
  sessionId: IdSchema.optional(),
  slotId: IdSchema.optional(),
  seatId: IdSchema.optional(),
  seatLabel: z.string().optional(),
  startsAt: IsoTimeSchema,
  clientId: IdSchema.nullable(),
  clientName: z.string(),
});
export type Booking = z.infer<typeof BookingSchema>;

const LINK_STATUSES = ['pending', 'paid', 'canceled', 'expired'] as const;
export const LinkStatusSchema = z.enum(LINK_STATUSES);
export type LinkStatus = z.infer<typeof LinkStatusSchema>;

export const CHANNELS = ['sms', 'email'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

export const DeliverySchema = z.object({
  channel: ChannelSchema,
  to: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  error: z.string().optional(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const LinkSchema = z.object({
  id: IdSchema,
  url: z.string(),
  status: LinkStatusSchema,
  cartId: IdSchema,
  clientId: IdSchema,
  clientName: z.string(),
  staffId: IdSchema.optional(),
  totalCents: CentsSchema,
  currency: CurrencySchema,
  lines: z.array(PricedLineSchema),
  createdAt: IsoTimeSchema,
  expiresAt: IsoTimeSchema,
  resendCount: z.number().int().min(0),
  deliveries: z.array(DeliverySchema),
  openedAt: IsoTimeSchema.optional(),
  paidAt: IsoTimeSchema.optional(),
  canceledAt: IsoTimeSchema.optional(),
  expiredAt: IsoTimeSchema.optional(),
  saleId: IdSchema.optional(),
});
export type Link = z.infer<typeof LinkSchema>;
