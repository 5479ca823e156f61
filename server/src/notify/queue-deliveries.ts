import type { Channel } from '@frontdesk/shared/contract/entities';
import { newId } from '../auth/tokens';
import type { Tx } from '../db/database';
import { deliveries, type DeliveryKind } from '../db/schema';

type LinkAddresses = { id: string; locationId: string; channels: readonly Channel[]; phone: string | null; email: string | null; resendCount?: number };

/** Queues one delivery per channel of the link (in the caller's transaction); the delivery worker sends them. */
export async function queueLinkDeliveries(
  tx: Tx,
  link: LinkAddresses,
  nowMs: number,
  kind: DeliveryKind = 'link',
): Promise<Array<typeof deliveries.$inferSelect>> {
  const rows = link.channels.flatMap((channel) => {
    const to = channel === 'sms' ? link.phone : link.email;
    if (!to) return [];
    return [
      {
        id: newId('dlv'),
        linkId: link.id,
        locationId: link.locationId,
        kind,
        channel,
        to,
        round: link.resendCount ?? 0,
        status: 'queued' as const,
        attempts: 0,
        nextAttemptAt: new Date(nowMs),
        createdAt: new Date(nowMs),
      },
    ];
  });
  return rows.length > 0 ? tx.insert(deliveries).values(rows).returning() : [];
}
