import { useEffect, useRef } from 'react';
import type { LinkView } from '../../../../shared/contract/register-view';
import { money } from '../../app/format';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { phaseSentence } from './link-state';

/**
 * The end of a link of the cart on screen (expired, canceled, refused) is a way forward, not just a banner: send a new
 * link for the same cart, or take the payment another way (the link leaves and the cart's checkout is reached).
 */
export function EndedLinkPanel({ link, onSendNew }: { link: LinkView; onSendNew: () => void }) {
  const { call } = useRegister();
  const { connection } = useSnapshot();
  const { run, busy, error } = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [link.localId]);
  const titleId = `ended-link-title-${link.localId}`;
  return (
    <section className="panel link-panel link-panel--ended" aria-labelledby={titleId}>
      <p className="link-panel__eyebrow">Payment link</p>
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        {link.clientName} — {money(link.totalCents, link.currency)}
      </h2>
      <p className={`link-panel__phase link-panel__phase--${link.phase}`} role="status">
        {phaseSentence(link.phase, connection)}
      </p>
      <InlineError error={error} />
      <div className="link-panel__actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={onSendNew}>
          Send a new link
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const next = await call('link.dismiss', {});
              // The checkout is where the other ways to pay are.
              requestAnimationFrame(() => document.querySelector<HTMLButtonElement>('.checkout button:not(:disabled)')?.focus());
              return next;
            })
          }
        >
          Take payment another way
        </button>
      </div>
    </section>
  );
}
