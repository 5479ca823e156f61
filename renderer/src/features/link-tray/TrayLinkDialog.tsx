import type { LinkView } from '../../../../shared/contract/register-view';
import { money } from '../../app/format';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { useAction } from '../../app/use-action';
import { Dialog } from '../../components/Dialog';
import { InlineError } from '../../components/InlineError';
import { LinkActivity } from '../payment-link/LinkActivity';
import { LinkWaitingPanel } from '../payment-link/LinkWaitingPanel';
import { isActive, phaseSentence } from '../payment-link/link-state';

/** A link chosen in the tray: its waiting panel while active; otherwise how it ended and the way forward. */
export function TrayLinkDialog({ link, onClose }: { link: LinkView; onClose: (after?: 'acted') => void }) {
  return (
    <Dialog title={`Payment link — ${link.clientName}`} onClose={() => onClose()} wide>
      {isActive(link) ? <LinkWaitingPanel link={link} onParked={() => onClose()} /> : <EndedLink link={link} onDone={() => onClose('acted')} />}
    </Dialog>
  );
}

function EndedLink({ link, onDone }: { link: LinkView; onDone: () => void }) {
  const { call } = useRegister();
  const { connection } = useSnapshot();
  const { timeZone } = useStudio();
  const { run, busy, error } = useAction();
  const act = (fn: () => Promise<unknown>) =>
    run(async () => {
      await fn();
      onDone();
    });
  const paid = link.phase === 'paid';
  return (
    <section className="ended-link" aria-label="How the link ended">
      <p className="link-panel__amount">{money(link.totalCents, link.currency)}</p>
      <p className={`link-panel__phase link-panel__phase--${link.phase}`} role="status">
        {phaseSentence(link.phase, connection)}
      </p>
      <LinkActivity link={link} timeZone={timeZone} />
      <InlineError error={error} />
      <div className="link-panel__actions">
        {paid && link.saleId && (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => act(() => call('receipt.show', { saleId: link.saleId! }))}>
            Show receipt
          </button>
        )}
        {!paid && !link.onScreen && (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => act(() => call('link.reopen', { linkId: link.localId }))}>
            Reopen cart
          </button>
        )}
        <button type="button" className="button" disabled={busy} onClick={() => act(() => call('link.dismiss', { linkId: link.localId }))}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
