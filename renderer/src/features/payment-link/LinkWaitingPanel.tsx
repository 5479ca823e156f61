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
import { ResendLinkForm } from './ResendLinkForm';

const WAITING_TITLE_ID = 'link-panel-title';

const PENDING_TEXT = {
  create: 'Sending the link…',
  resend: 'Sending the link again…',
  cancel: 'Cancel requested — waiting for the server',
} as const;

/** Replaces checkout while a link waits: who, how much, time left, what happened, and Resend / Cancel. */
export function LinkWaitingPanel({ link, focusRequest }: { link: LinkView; focusRequest: number }) {
  const { call, receivedAt } = useRegister();
  const { connection, staff } = useSnapshot();
  const canManage = staff !== null && hasPermission(staff, 'send_payment_link');
  const { timeZone } = useStudio();
  const { run, busy, error } = useAction();
  const [resending, setResending] = useState(false);
  const [done, setDone] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const resendButton = useRef<HTMLButtonElement>(null);
  const wasResending = useRef(false);
  const canceling = link.pendingCommand === 'cancel';

  const paid = link.status === 'paid';
  // Staff land on the panel when it appears, and again when the Send dialog over it closes.
  useEffect(() => heading.current?.focus(), [link.id, focusRequest]);
  // Back from the resend form: focus returns to the button that opened it.
  useEffect(() => {
    if (wasResending.current && !resending) resendButton.current?.focus();
    wasResending.current = resending;
  }, [resending]);

  return (
    <section className="panel link-panel" aria-labelledby={WAITING_TITLE_ID}>
      <p className="link-panel__eyebrow">Payment link</p>
      <h2 id={WAITING_TITLE_ID} ref={heading} tabIndex={-1}>
        {paid ? `Paid — ${link.clientName}` : `Waiting for ${link.clientName} to complete payment`}
      </h2>
      <p className="link-panel__amount">{money(link.totalCents, link.currency)}</p>
      {paid && (
        <p className="link-panel__paid" role="status">
          Paid. Recording the sale…
        </p>
      )}
      {link.pendingCommand && (
        <p className={canceling ? 'link-panel__pending link-panel__pending--cancel' : 'link-panel__pending'} role="status">
          {PENDING_TEXT[link.pendingCommand]}
        </p>
      )}
      {!paid && <LinkCountdown expiresInMs={link.expiresInMs} receivedAt={receivedAt} />}
      {connection.kind === 'offline' && (
        <p className="small link-panel__offline">
          The register is offline. The link keeps running on the server; this register catches up when it is back.
        </p>
      )}
      <LinkActivity link={link} timeZone={timeZone} />
      {done && (
        <p className="small link-panel__done" role="status">
          {done}
        </p>
      )}
      <InlineError error={error} />
      {paid ? null : !canManage ? (
        <p className="muted small">Your role cannot resend or cancel payment links. Ask a manager or front-desk colleague.</p>
      ) : resending ? (
        <ResendLinkForm
          link={link}
          onDone={(sentence) => {
            setResending(false);
            setDone(sentence);
          }}
        />
      ) : (
        <div className="link-panel__actions">
          <button
            ref={resendButton}
            type="button"
            className="button"
            disabled={canceling || link.pendingCommand === 'create' || link.id === null}
            onClick={() => {
              setDone('');
              setResending(true);
            }}
          >
            Resend link
          </button>
          <button type="button" className="button button--danger" disabled={busy || canceling} onClick={() => run(() => call('link.cancel', {}))}>
            Cancel payment link
          </button>
        </div>
      )}
    </section>
  );
}
