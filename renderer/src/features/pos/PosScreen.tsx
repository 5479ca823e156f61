import { useState } from 'react';
import { useSnapshot } from '../../app/register-store';
import { CartPanel } from '../cart/CartPanel';
import { CatalogPanel } from '../catalog/CatalogPanel';
import { ClientPicker } from '../clients/ClientPicker';
import { linkStage } from '../payment-link/link-state';
import { EndedLinkPanel } from '../payment-link/EndedLinkPanel';
import { LinkWaitingPanel } from '../payment-link/LinkWaitingPanel';
import { PaidMoment } from '../payment-link/PaidMoment';
import { SendLinkOpener } from '../payment-link/send-link-opener';
import { SendLinkDialog } from '../payment-link/SendLinkDialog';
import { usePaidMoment } from '../payment-link/use-paid-moment';
import { ChangeDueScreen } from '../receipt/ChangeDueScreen';
import { ReceiptView } from '../receipt/ReceiptView';

/**
 * The selling screen: who, what (catalog), and the cart with checkout. While a payment link waits, the waiting
 * panel replaces checkout and the cart is read-only; a paid link shows "Paid", then its receipt, like any sale; a
 * cash sale with change shows "Change due" first.
 */
export function PosScreen() {
  const snapshot = useSnapshot();
  const paid = usePaidMoment(snapshot.lastSale);
  const stage = linkStage(snapshot.activeLink);
  const [sendingLink, setSendingLink] = useState(false);
  // The button that opened the dialog is gone once the link is sent (checkout is locked): focus the waiting panel.
  const [waitingFocus, setWaitingFocus] = useState(0);

  if (snapshot.lastSale && snapshot.changeDueCents !== null) {
    return <ChangeDueScreen sale={snapshot.lastSale} changeCents={snapshot.changeDueCents} />;
  }
  if (snapshot.lastSale) {
    return paid.showing ? <PaidMoment sale={snapshot.lastSale} onContinue={paid.skip} /> : <ReceiptView sale={snapshot.lastSale} />;
  }
  // The engine's word: the cart is held by its payment link (waiting, or paid with the sale on its way).
  const locked = snapshot.cart?.locked ?? false;
  return (
    <SendLinkOpener.Provider value={() => setSendingLink(true)}>
      <main className="pos" aria-labelledby="pos-title">
        <h1 id="pos-title" className="visually-hidden">
          Sell
        </h1>
        {/* While a link waits, its panel takes the wide column (the catalog is locked anyway), so the panel and
            every cart line fit on a 1366×768 screen together. */}
        <div className="pos__left">
          {locked && stage.kind !== 'none' && <LinkWaitingPanel link={stage.link} focusRequest={waitingFocus} />}
          <ClientPicker locked={locked} />
          <CatalogPanel locked={locked} />
        </div>
        <div className="pos__right">
          {!locked && stage.kind === 'ended' && stage.link.onScreen && <EndedLinkPanel link={stage.link} onSendNew={() => setSendingLink(true)} />}
          <CartPanel locked={locked} />
        </div>
        {sendingLink && snapshot.cart && (
          <SendLinkDialog
            cart={snapshot.cart}
            onClose={() => setSendingLink(false)}
            onSent={() => {
              setSendingLink(false);
              setWaitingFocus((n) => n + 1);
            }}
          />
        )}
      </main>
    </SendLinkOpener.Provider>
  );
}
