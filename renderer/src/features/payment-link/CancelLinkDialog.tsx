import type { LinkView } from '../../../../shared/contract/register-view';
import { money } from '../../app/format';
import { Dialog } from '../../components/Dialog';

/**
 * "Cancel this payment link?" before the client loses the link: Enter confirms (the confirm button has focus),
 * Escape or "Keep the link" keeps it.
 */
export function CancelLinkDialog({ link, busy, onConfirm, onKeep }: { link: LinkView; busy: boolean; onConfirm: () => void; onKeep: () => void }) {
  return (
    <Dialog title="Cancel this payment link?" onClose={onKeep}>
      <p>
        {link.clientName} will no longer be able to pay {money(link.totalCents, link.currency)} with it, and the held spots are released. If the client has just
        paid, the payment wins and the sale completes.
      </p>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onKeep}>
          Keep the link
        </button>
        <button type="button" className="button button--danger" data-autofocus disabled={busy} onClick={onConfirm}>
          Cancel the link
        </button>
      </div>
    </Dialog>
  );
}
