import type { Link } from '../../shared/contract/entities';
import { isTerminal } from '../../shared/domain/link-lifecycle';

// Two reads of the same server link can arrive out of order (an idempotent replay of the create's first answer after
// the events that followed it, a poll that raced an event). Facts only move forward: a terminal status stays, resends
// only count up, a delivery never goes back to queued, and a time once known stays known.

const RANK = { queued: 0, sent: 1, failed: 1 } as const;

export function mergeServerLink(before: Link | null, after: Link): Link {
  if (!before || before.id !== after.id) return after;
  if (isTerminal(before.status) && !isTerminal(after.status)) return before;
  if (after.resendCount < before.resendCount) return { ...before, ...(isTerminal(after.status) ? pickEnd(after) : {}) };
  const deliveries =
    after.resendCount === before.resendCount
      ? after.deliveries.map((d) => {
          const known = before.deliveries.find((b) => b.channel === d.channel && b.to === d.to);
          return known && RANK[known.status] > RANK[d.status] ? known : d;
        })
      : after.deliveries;
  return {
    ...after,
    deliveries,
    ...((after.openedAt ?? before.openedAt) ? { openedAt: after.openedAt ?? before.openedAt } : {}),
  };
}

function pickEnd(link: Link): Partial<Link> {
  return {
    status: link.status,
    ...(link.paidAt ? { paidAt: link.paidAt } : {}),
    ...(link.canceledAt ? { canceledAt: link.canceledAt } : {}),
    ...(link.expiredAt ? { expiredAt: link.expiredAt } : {}),
    ...(link.saleId ? { saleId: link.saleId } : {}),
  };
}
