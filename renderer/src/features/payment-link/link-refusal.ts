import type { CatalogItem, PricedLine, Session } from '../../../../shared/contract/entities';
import type { ActionError } from '../../app/use-action';

// The server's refusals of a new link that staff can fix from the dialog: which cart line is at fault, and how.

export type RefusalHelp =
  | { kind: 'pick_seat'; line: PricedLine; item: CatalogItem; session: Session }
  | { kind: 'full'; line: PricedLine | null }
  | { kind: 'prices_refreshed' }
  | { kind: 'none' };

const detail = (error: ActionError, key: string): string | undefined => {
  const value = error.details?.[key];
  return typeof value === 'string' ? value : undefined;
};

export function refusalHelp(error: ActionError | null, lines: readonly PricedLine[], items: readonly CatalogItem[]): RefusalHelp {
  if (!error) return { kind: 'none' };
  if (error.code === 'total_mismatch') return { kind: 'prices_refreshed' };
  const sessionId = detail(error, 'sessionId');
  if (error.code === 'seat_unavailable') {
    const seatId = detail(error, 'seatId');
    const line = lines.find((l) => l.sessionId === sessionId && (seatId === undefined || l.seatId === seatId));
    const item = line && items.find((i) => i.id === line.itemId);
    const session = item?.sessions?.find((s) => s.id === sessionId);
    if (line && item && session) return { kind: 'pick_seat', line, item, session };
    return { kind: 'full', line: line ?? null };
  }
  if (error.code === 'capacity_unavailable') {
    const slotId = detail(error, 'slotId');
    const line = lines.find((l) => (slotId ? l.slotId === slotId : l.sessionId === sessionId || l.slotId === sessionId));
    return { kind: 'full', line: line ?? null };
  }
  return { kind: 'none' };
}
