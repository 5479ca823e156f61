import { useEffect, useRef, useState } from 'react';
import type { LinkView } from '../../../../shared/contract/register-view';
import { money } from '../../app/format';
import { useRegister, useSnapshot } from '../../app/register-store';
import { formatMmSs, isUrgent } from '../payment-link/countdown';
import { isActive, latestActivity, trayMark } from '../payment-link/link-state';
import { useCountdown } from '../payment-link/use-countdown';
import { TrayLinkDialog } from './TrayLinkDialog';

/**
 * Every payment link of this register not yet dismissed — parked or on screen — on every screen: the client, the
 * amount, its own countdown and its latest activity. Choosing one opens it (resend, cancel; or reopen the cart,
 * show the receipt, dismiss). A list of buttons, so Tab reaches each one.
 */
export function PendingLinksTray() {
  const { links } = useSnapshot();
  const [openId, setOpenId] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [ended, setEnded] = useState(0);
  // The link's button is gone after Dismiss or Reopen cart: focus lands on the tray, not on the page's body.
  useEffect(() => {
    if (ended > 0) heading.current?.focus();
  }, [ended]);
  const open = links.find((link) => link.localId === openId) ?? null;
  if (links.length === 0) return null;
  const waiting = links.filter(isActive).length;
  return (
    <aside className="link-tray" aria-labelledby="link-tray-title">
      <h2 id="link-tray-title" className="link-tray__title" ref={heading} tabIndex={-1}>
        Payment links <span className="link-tray__count">{waiting > 0 ? `${waiting} waiting` : 'none waiting'}</span>
      </h2>
      <ul className="link-tray__list">
        {links.map((link) => (
          <li key={link.localId}>
            <TrayItem link={link} onOpen={() => setOpenId(link.localId)} />
          </li>
        ))}
      </ul>
      {open && (
        <TrayLinkDialog
          link={open}
          onClose={(after) => {
            setOpenId(null);
            if (after === 'acted') setEnded((n) => n + 1);
          }}
        />
      )}
    </aside>
  );
}

function TrayItem({ link, onOpen }: { link: LinkView; onOpen: () => void }) {
  const { receivedAt } = useRegister();
  const counting = link.phase === 'waiting' || link.phase === 'sending' || link.phase === 'resending' || link.phase === 'cancel_queued';
  const { ms } = useCountdown(counting ? link.expiresInMs : null, receivedAt);
  const mark = trayMark(link);
  const time = ms === null ? null : ms > 0 ? `${formatMmSs(ms)} left` : link.phase === 'cancel_queued' ? null : 'Time is up';
  const status = [mark, time].filter((part) => part !== null).join(' · ') || 'waiting';
  const latest = latestActivity(link);
  const amount = money(link.totalCents, link.currency);
  return (
    <button
      type="button"
      className={`tray-item tray-item--${link.phase}${ms !== null && isUrgent(ms) ? ' tray-item--urgent' : ''}`}
      aria-label={`${link.clientName}, ${amount}, ${status}${latest ? `, ${latest}` : ''}${link.onScreen ? ', on screen' : ''}`}
      onClick={onOpen}
    >
      {/* The spaces between the parts keep the button's text readable as words, as its name reads them. */}
      <span className="tray-item__who">{link.clientName}</span> <span className="tray-item__amount">{amount}</span>{' '}
      <span className="tray-item__state" role="timer" aria-hidden="true">
        {status}
      </span>{' '}
      {latest && (
        <span className="tray-item__latest" aria-hidden="true">
          {latest}
        </span>
      )}{' '}
      {link.onScreen && (
        <span className="tray-item__here" aria-hidden="true">
          On screen
        </span>
      )}
    </button>
  );
}
