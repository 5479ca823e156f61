import { useCallback, useEffect } from 'react';
import { useRegister } from '../../app/register-store';

/**
 * Printing the receipt on screen: the engine prints it to the printer chosen in Settings, or says to open the
 * browser's print dialog. With "Print after every sale" on, the receipt of a sale just made prints once by itself.
 */
export function useReceiptPrint(saleId: string): () => void {
  const { call } = useRegister();
  const print = useCallback(
    async (trigger: 'button' | 'after_sale') => {
      // If the register cannot be asked, a button press still prints through the browser.
      const answer = await call('receipt.print', { saleId, trigger }).catch(() => ({ openDialog: trigger === 'button' }));
      if (answer.openDialog) window.print();
    },
    [call, saleId],
  );
  useEffect(() => void print('after_sale'), [print]);
  return useCallback(() => void print('button'), [print]);
}
