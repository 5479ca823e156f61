import { useId } from 'react';
import type { CartView } from '../../../../shared/contract/register-view';
import { linkEligibility } from '../../../../shared/domain/link-eligibility';
import { useSnapshot } from '../../app/register-store';
import { useOpenSendLink } from './send-link-opener';

/**
 * "Send payment link" under Other payment methods. Hidden when a link cannot apply to this sale at all (walk-in,
 * a membership charged later, a role without the permission); disabled, with the reason beside it, when it could
 * apply but not now (empty cart, offline).
 */
export function SendLinkButton({ cart }: { cart: CartView }) {
  const snapshot = useSnapshot();
  const openDialog = useOpenSendLink();
  const reasonId = useId();
  if (!snapshot.staff) return null;

  const eligibility = linkEligibility({
    staff: snapshot.staff,
    clientId: cart.clientId,
    lines: cart.lines,
    today: snapshot.today,
    online: snapshot.connection.kind !== 'offline',
    // The engine's word on the lock (cart.locked), never worked out again from the link here.
    activeLinkId: cart.locked ? (snapshot.activeLink?.localId ?? null) : null,
  });
  if (eligibility.kind === 'hidden') {
    return (
      <p className="muted small" data-reason={eligibility.code}>
        {eligibility.message}
      </p>
    );
  }
  const reason = eligibility.kind === 'disabled' ? eligibility.message : cart.problem?.message;

  return (
    <>
      <button
        type="button"
        className="button button--block button--large send-link-button"
        disabled={reason !== undefined}
        aria-describedby={reason ? reasonId : undefined}
        onClick={openDialog}
      >
        Send payment link
      </button>
      {reason && (
        <p id={reasonId} className="small disabled-reason">
          {reason}
        </p>
      )}
    </>
  );
}
