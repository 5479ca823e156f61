import { useCallback, useEffect, useState } from 'react';
import type { Sale } from '../../../../shared/contract/entities';

/** How long "Paid" fills the screen before the receipt of a link sale. */
const PAID_MOMENT_MS = 2500;

// Sales already celebrated, so a receipt reopened later (or after a re-render) goes straight to the receipt.
const celebrated = new Set<string>();

/** True while a link sale that just arrived should show its "Paid" moment; `skip` goes to the receipt at once. */
export function usePaidMoment(sale: Sale | null): { showing: boolean; skip: () => void } {
  const saleId = sale?.linkId ? sale.id : null;
  const [, setVersion] = useState(0);
  const showing = saleId !== null && !celebrated.has(saleId);

  const skip = useCallback(() => {
    if (saleId) celebrated.add(saleId);
    setVersion((n) => n + 1);
  }, [saleId]);

  useEffect(() => {
    if (!showing) return;
    const timer = setTimeout(skip, PAID_MOMENT_MS);
    return () => clearTimeout(timer);
  }, [showing, skip]);

  return { showing, skip };
}
