import { and, asc, eq, inArray } from 'drizzle-orm';
import { CHANNELS, type Delivery, type Link } from '@frontdesk/shared/contract/entities';
import type { Queryable } from '../db/database';
import { clients, deliveries, locations, paymentLinks } from '../db/schema';

export type LinkRow = typeof paymentLinks.$inferSelect;
type DeliveryRow = typeof deliveries.$inferSelect;

/** `{PUBLIC_URL}/{widget}/i/{id}` */
export function invoiceUrl(publicUrl: string, widget: string, linkId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${widget}/i/${linkId}`;
}

/** Per channel, the latest delivery of the link message (a resend replaces the channel's status). */
function linkDeliveries(rows: readonly DeliveryRow[]): Delivery[] {
  const latest = new Map<string, DeliveryRow>();
  for (const row of rows) {
    const seen = latest.get(row.channel);
    if (row.kind === 'link' && (!seen || row.round >= seen.round)) latest.set(row.channel, row);
  }
  return [...latest.values()]
    .sort((a, b) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel))
    .map((row) => ({
      channel: row.channel,
      to: row.to,
      status: row.status === 'sending' ? 'queued' : row.status,
      ...(row.error ? { error: row.error } : {}),
    }));
}

export function toLink(row: LinkRow, extra: { clientName: string; widget: string; publicUrl: string; deliveries: readonly DeliveryRow[] }): Link {
  const iso = (value: Date | null) => (value ? value.toISOString() : undefined);
  const link: Link = {
    id: row.id,
    url: invoiceUrl(extra.publicUrl, extra.widget, row.id),
    status: row.status,
    cartId: row.cartId,
    clientId: row.clientId,
    clientName: extra.clientName,
    staffId: row.staffId,
    totalCents: row.totalCents,
    currency: row.currency,
    lines: row.lines,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    resendCount: row.resendCount,
    deliveries: linkDeliveries(extra.deliveries),
  };
  for (const [key, value] of [
    ['openedAt', iso(row.openedAt)],
    ['paidAt', iso(row.paidAt)],
    ['canceledAt', iso(row.canceledAt)],
    ['expiredAt', iso(row.expiredAt)],
    ['saleId', row.saleId ?? undefined],
  ] as const) {
    if (value !== undefined) link[key] = value;
  }
  return link;
}

/** Links with their client names and deliveries, as the API shows them. */
export async function viewLinks(db: Queryable, rows: readonly LinkRow[], publicUrl: string): Promise<Link[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const clientIds = [...new Set(rows.map((row) => row.clientId))];
  const locationIds = [...new Set(rows.map((row) => row.locationId))];
  // One after another: inside a transaction they share one connection.
  const clientRows = await db.select({ id: clients.id, name: clients.name }).from(clients).where(inArray(clients.id, clientIds));
  const locationRows = await db.select({ id: locations.id, widget: locations.widget }).from(locations).where(inArray(locations.id, locationIds));
  const deliveryRows = await db.select().from(deliveries).where(inArray(deliveries.linkId, ids)).orderBy(asc(deliveries.createdAt), asc(deliveries.id));
  const names = new Map(clientRows.map((c) => [c.id, c.name]));
  const widgets = new Map(locationRows.map((l) => [l.id, l.widget]));
  return rows.map((row) =>
    toLink(row, {
      clientName: names.get(row.clientId) ?? '',
      widget: widgets.get(row.locationId) ?? '',
      publicUrl,
      deliveries: deliveryRows.filter((d) => d.linkId === row.id),
    }),
  );
}

export async function linkRow(db: Queryable, id: string, locationId?: string): Promise<LinkRow | undefined> {
  const [row] = await db
    .select()
    .from(paymentLinks)
    .where(locationId ? and(eq(paymentLinks.id, id), eq(paymentLinks.locationId, locationId)) : eq(paymentLinks.id, id));
  return row;
}

export async function viewLink(db: Queryable, row: LinkRow, publicUrl: string): Promise<Link> {
  return (await viewLinks(db, [row], publicUrl))[0]!;
}
