import { useEffect, useRef, useState } from 'react';
import type { LinkView } from '../../../../shared/contract/register-view';
import { hasPermission } from '../../../../shared/domain/permissions';
import { money } from '../../app/format';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { LinkActivity } from './LinkActivity';
import { LinkCountdown } from './LinkCountdown';
import { phaseSentence } from './link-state';
import { ResendLinkForm } from './ResendLinkForm';
import { CancelLinkDialog } from './CancelLinkDialog';
import { LinkQrFigure } from './LinkQrFigure';
import { isQrOnly } from './link-state';
import { SendQrLinkForm } from './SendQrLinkForm';
import '../../styles/qr.css';

/**
 * Replaces checkout while a link waits (and shows a parked link in the tray's dialog): who, how much, ONE sentence of
 * where it stands, time left, what happened, and Resend / Cancel / Serve next client.
 */
export function LinkWaitingPanel({ link, focusRequest = 0, onParked }: { link: LinkView; focusRequest?: number; onParked?: () => void }) {
  const { call, receivedAt } = useRegister();
  const { connection, staff, cart } = useSnapshot();
  const canManage = staff !== null && hasPermission(staff, 'send_payment_link');
  const { timeZone } = useStudio();
  const { run, busy, error } = useAction();
  const [resending, setResending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const resendButton = useRef<HTMLButtonElement>(null);
  const wasResending = useRef(false);
  const titleId = `link-panel-title-${link.localId}`;
  const { phase } = link;
  const paid = phase === 'paid';
  const canceling = phase === 'cancel_queued';
  const sentence = phaseSentence(phase, connection);
  const target = link.onScreen ? {} : { linkId: link.localId };
  const qrOnly = isQrOnly(link);

  // Staff land on the panel when it appears, and again when the Send dialog over it closes.
  useEffect(() => heading.current?.focus(), [link.localId, focusRequest]);
  // Back from the resend form: focus returns to the button that opened it.
  useEffect(() => {
    if (wasResending.current && !resending) resendButton.current?.focus();
    wasResending.current = resending;
  }, [resending]);

  const title = paid
    ? `Paid — ${link.clientName}`
    : canceling
      ? `Canceling the payment link for ${link.clientName}`
      : `Waiting for ${link.clientName} to complete payment`;

  return (
    <section className="panel link-panel" aria-labelledby={titleId}>
      <div className="link-panel__head">
        <div className="link-panel__head-text">
          <p className="link-panel__eyebrow">{link.onScreen ? 'Payment link' : 'Payment link — parked'}</p>
          <h2 id={titleId} ref={heading} tabIndex={-1}>
            {title}
          </h2>
          <p className="link-panel__amount">{money(link.totalCents, link.currency)}</p>
        </div>
        {!paid && <LinkQrFigure url={link.url} qrOnly={qrOnly} />}
      </div>
      {paid ? null : !canManage ? (
        <p className="muted small">Your role cannot resend or cancel payment links. Ask a manager or front-desk colleague.</p>
      ) : (
        // The buttons come first and everything that grows or changes (status, countdown, the resend form, activity)
        // comes below them, so no button ever moves under the pointer.
        <>
          <div className="link-panel__actions">
            <button
              ref={resendButton}
              type="button"
              className="button"
              disabled={resending || phase !== 'waiting' || link.id === null}
              onClick={() => {
                setDone('');
                setResending(true);
              }}
            >
              {qrOnly ? 'Send by message' : 'Resend link'}
            </button>
            <button type="button" className="button button--danger" disabled={busy || canceling} onClick={() => setConfirming(true)}>
              Cancel payment link
            </button>
            {link.onScreen && (
              <button
                type="button"
                className="button button--primary link-panel__next"
                disabled={busy}
                onClick={() =>
                  run(async () => {
                    const next = await call('link.park', {});
                    onParked?.();
                    return next;
                  })
                }
              >
                Serve next client
              </button>
            )}
          </div>
          {resending && qrOnly && (
            <SendQrLinkForm
              link={link}
              client={link.onScreen ? (cart?.client ?? null) : null}
              onDone={(said) => {
                setResending(false);
                setDone(said);
              }}
            />
          )}
          {resending && !qrOnly && (
            <ResendLinkForm
              link={link}
              onDone={(said) => {
                setResending(false);
                setDone(said);
              }}
            />
          )}
          <div className="link-panel__after">
            {done && (
              <p className="small link-panel__done" role="status">
                {done}
              </p>
            )}
            <InlineError error={error} />
          </div>
        </>
      )}
      {sentence && (
        <p className={`link-panel__phase link-panel__phase--${phase}`} role="status">
          {paid ? 'Paid. Recording the sale…' : sentence}
        </p>
      )}
      {link.payment && (
        // A decline is news staff act on (tell the client at the desk, or wait for another card): said assertively.
        <p className={`link-panel__payment link-panel__payment--${link.payment.kind}`} role={link.payment.kind === 'failed' ? 'alert' : 'status'}>
          {link.payment.message}
        </p>
      )}
      {(phase === 'waiting' || phase === 'sending' || phase === 'resending' || canceling) && (
        <LinkCountdown expiresInMs={link.expiresInMs} receivedAt={receivedAt} canceling={canceling} />
      )}
      {connection.kind === 'offline' && phase === 'waiting' && (
        <p className="small link-panel__offline">The register is offline. The link keeps running on the server; this register catches up when it is back.</p>
      )}
      <LinkActivity link={link} timeZone={timeZone} />
      {confirming && (
        <CancelLinkDialog
          link={link}
          busy={busy}
          onKeep={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void run(() => call('link.cancel', target));
          }}
        />
      )}
    </section>
  );
}
