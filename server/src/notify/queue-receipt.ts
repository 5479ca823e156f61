import { randomBytes } from 'node:crypto';
import type { Tx } from '../db/database';
import { receipts } from '../db/schema';
import { queueLinkDeliveries } from './queue-deliveries';

type PaidLink = { id: string; locationId: string; phone: string | null; email: string | null; resendCount?: number };
type ClientContact = { phone: string | null; email: string | null };

/** 128 random bits: the receipt page is public, so its address is its only lock. */
const newReceiptId = () => `rcp_${randomBytes(16).toString('base64url')}`;

/** `{PUBLIC_URL}/{widget}/r/{receiptId}` */
export function receiptUrl(publicUrl: string, widget: string, receiptId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${widget}/r/${receiptId}`;
}

/**
 * The receipt of a paid link, in the transaction that records its sale: its page, and one message, by email when
 * the client has an address (the profile's, else the one the link went to), else by SMS with the page's link.
 * A sale has one receipt (unique sale id), so a second call for the same sale queues nothing.
 */
export async function queueReceipt(tx: Tx, input: { saleId: string; link: PaidLink; client: ClientContact | undefined; nowMs: number }): Promise<void> {
  const { link, nowMs } = input;
  const [receipt] = await tx
    .insert(receipts)
    .values({ id: newReceiptId(), saleId: input.saleId, locationId: link.locationId, createdAt: new Date(nowMs) })
    .onConflictDoNothing()
    .returning({ id: receipts.id });
  if (!receipt) return;
  const email = input.client?.email ?? link.email;
  const phone = input.client?.phone ?? link.phone;
  const channel = email ? ('email' as const) : phone ? ('sms' as const) : undefined;
  if (!channel) return;
  await queueLinkDeliveries(
    tx,
    { id: link.id, locationId: link.locationId, channels: [channel], phone, email, resendCount: link.resendCount },
    nowMs,
    'receipt',
  );
}
