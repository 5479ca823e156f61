import { z } from 'zod';
import { CatalogItemSchema, LinkSchema, SaleSchema } from './entities';
import { IdSchema, IsoTimeSchema, SeqSchema, ServerTimeSchema } from './primitives';

const EVENT_TYPES = [
  'link.created',
  'link.delivery',
  'link.opened',
  'link.resent',
  'link.authenticating',
  'link.payment_failed',
  'link.paid',
  'link.canceled',
  'link.expired',
  'availability.changed',
  'sale.created',
] as const;
const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

/**
 * A card payment attempt on the invoice page: the client started a 3-D Secure step (`authenticating`), or the card
 * was declined or failed authentication (`failed`, with the processor's code and sentence). Brand and last four only.
 */
const PaymentAttemptSchema = z.object({
  id: IdSchema,
  outcome: z.enum(['authenticating', 'failed']),
  code: z.string().max(64).optional(),
  message: z.string().max(300).optional(),
  cardBrand: z.string().max(32).optional(),
  cardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});
export type PaymentAttempt = z.infer<typeof PaymentAttemptSchema>;

/**
 * One stored event of a location, numbered gap-free in commit order.
 * `availability.changed` carries the affected catalog items with their availability as of that commit;
 * `sale.created` carries the sale; link events carry the link as of that commit, and `link.authenticating` and
 * `link.payment_failed` the attempt.
 */
export const ServerEventSchema = z.object({
  seq: SeqSchema,
  type: EventTypeSchema,
  at: IsoTimeSchema,
  linkId: IdSchema.optional(),
  link: LinkSchema.optional(),
  saleId: IdSchema.optional(),
  sale: SaleSchema.optional(),
  items: z.array(CatalogItemSchema).optional(),
  attempt: PaymentAttemptSchema.optional(),
});
export type ServerEvent = z.infer<typeof ServerEventSchema>;

// Socket.IO, namespace `/registers`.
export const SOCKET_NAMESPACE = '/registers';
export const SocketAuthSchema = z.object({
  token: z.string().min(1).max(512),
  afterSeq: SeqSchema.default(0),
});
/** server → register: `event` (ServerEvent, ack) for each stored event after afterSeq, then live ones. */
export const SOCKET_EVENT = 'event';
/** register → server: `time` with an ack answered by `{serverTime}`. */
export const SOCKET_TIME = 'time';
export const SocketTimeAnswerSchema = z.object({ serverTime: ServerTimeSchema });
