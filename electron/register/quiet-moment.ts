import type { LinkPhase, RegisterSnapshot } from '../../shared/contract/register-view';

// When the app may restart to install an update: never while money is in motion. A restart keeps everything (the
// database and the outbox survive it), but it takes the screen away from staff and stops the register's sync for the
// time the installer runs; a client paying a link, a sale being rung up or a sale not yet on the server must not
// meet that. Pure: the updater asks it about each engine snapshot.

type BusyReason = { code: 'link_pending' | 'sale_in_progress' | 'outbox_unsent'; message: string };
export type QuietVerdict = { quiet: true } | { quiet: false; reasons: BusyReason[] };

/** A link whose client may still pay, or whose end the server has not confirmed yet. */
const LIVE_LINK_PHASES: ReadonlySet<LinkPhase> = new Set(['sending', 'waiting', 'resending', 'cancel_queued']);

type QuietInputs = Pick<RegisterSnapshot, 'activeLink' | 'links' | 'cart' | 'outbox' | 'changeDueCents'>;

export function judgeQuietMoment(snapshot: QuietInputs): QuietVerdict {
  const reasons: BusyReason[] = [];
  const links = [...(snapshot.activeLink ? [snapshot.activeLink] : []), ...snapshot.links];
  const live = links.filter((link) => LIVE_LINK_PHASES.has(link.phase)).length;
  if (live > 0) reasons.push({ code: 'link_pending', message: `${live === 1 ? 'A payment link is' : `${live} payment links are`} still open.` });
  // Lines in the cart, a locked cart or change still to hand back: staff are in the middle of a sale.
  const cart = snapshot.cart;
  if ((cart && (cart.lines.length > 0 || cart.locked)) || snapshot.changeDueCents !== null) {
    reasons.push({ code: 'sale_in_progress', message: 'A sale is in progress.' });
  }
  if (snapshot.outbox.pending > 0) {
    const sales = snapshot.outbox.waiting.cashSales + snapshot.outbox.waiting.cardSales;
    const what = sales > 0 ? `${sales === 1 ? 'A sale has' : `${sales} sales have`} not reached the server yet.` : 'Changes have not reached the server yet.';
    reasons.push({ code: 'outbox_unsent', message: what });
  }
  return reasons.length === 0 ? { quiet: true } : { quiet: false, reasons };
}
