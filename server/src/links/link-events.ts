import type { Link } from '@frontdesk/shared/contract/entities';
import type { EventType, ServerEvent } from '@frontdesk/shared/contract/events';
import type { AppContext } from '../app-context';
import { loadCatalog } from '../catalog/availability';
import type { Tx } from '../db/database';
import { appendEvent } from '../events/event-log';
import { viewLink, type LinkRow } from './link-view';

/** Appends a link event carrying the link as of this transaction. */
export async function appendLinkEvent(
  ctx: AppContext,
  tx: Tx,
  row: LinkRow,
  type: EventType,
  nowMs: number,
  extra: Partial<ServerEvent> = {},
  known?: Link,
): Promise<ServerEvent> {
  const link = known ?? (await viewLink(tx, row, ctx.publicUrl));
  return appendEvent(tx, row.locationId, nowMs, { type, linkId: row.id, link, ...extra });
}

/** `availability.changed` with the moved items as of this transaction (nothing when no place moved). */
export async function appendAvailability(
  tx: Tx,
  location: { id: string; timeZone: string },
  itemIds: readonly string[],
  nowMs: number,
): Promise<ServerEvent[]> {
  if (itemIds.length === 0) return [];
  const items = await loadCatalog(tx, { locationId: location.id, timeZone: location.timeZone, nowMs, itemIds });
  return [await appendEvent(tx, location.id, nowMs, { type: 'availability.changed', items })];
}
