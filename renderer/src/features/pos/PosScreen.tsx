import { useSnapshot } from '../../app/register-store';
import { CartPanel } from '../cart/CartPanel';
import { CatalogPanel } from '../catalog/CatalogPanel';
import { ClientPicker } from '../clients/ClientPicker';
import { ReceiptView } from '../receipt/ReceiptView';

/** The selling screen: who, what (catalog), and the cart with checkout; the receipt replaces it after a sale. */
export function PosScreen() {
  const snapshot = useSnapshot();
  if (snapshot.lastSale) return <ReceiptView sale={snapshot.lastSale} />;
  return (
    <main className="pos" aria-label="Point of sale">
      <div className="pos__left">
        <ClientPicker />
        <CatalogPanel locked={false} />
      </div>
      <div className="pos__right">
        <CartPanel />
      </div>
    </main>
  );
}
