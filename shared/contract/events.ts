import { z } from 'zod';
import { CatalogItemSchema, LinkSchema, SaleSchema } from './entities';
import { IdSchema, IsoTimeSchema, SeqSchema, ServerTimeSchema } from './primitives';

const EVENT_TYPES = [
  'link.created',
  'link.delivery',
  'link.opened',
  'link.resent',
  'link.paid',
  'link.canceled',
  'link.expired',
  'availability.changed',
  'sale.created',
] as const;
const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

/**
 * One stored event of a location, numbered gap-free in commit order.
 * `availability.changed` carries the affected catalog items with their availability as of that commit;
 * `sale.created` carries the sale; link events carry the link as of that commit.
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
