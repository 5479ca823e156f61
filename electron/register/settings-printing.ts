import { AppError } from '../../shared/contract/errors';
import type { LocalDb } from '../../db/open-database';
import { readSale } from './checkout';
import type { DeskPlatform } from './desk-platform';
import { getMeta, setMeta } from './meta-store';
import { readDeskSettings } from './settings-store';

// Receipts to the printer chosen in Settings. "Print after every sale" prints the receipt of the sale just made
// once: not again when the screen shows it a second time (the renderer reloaded, the app restarted), nor for a
// receipt reopened later. Only the sale on screen (lastSaleId) can be due, so one remembered sale id is enough.

export type ReceiptPrinter = {
  print(input: { saleId: string; trigger: 'button' | 'after_sale' }): Promise<{ printed: boolean; openDialog: boolean }>;
  /** A receipt reopened later: it is a reprint, printed only when staff ask. */
  reopened(saleId: string): void;
};

export function createReceiptPrinter(deps: { db: LocalDb; platform: DeskPlatform }): ReceiptPrinter {
  return {
    async print({ saleId, trigger }) {
      if (!readSale(deps.db, saleId)) throw new AppError('not_found', 'That sale is not on this register.', { saleId });
      const settings = readDeskSettings(deps.db);
      if (trigger === 'after_sale') {
        const due = settings.printAfterSale && getMeta(deps.db, 'lastSaleId') === saleId && getMeta(deps.db, 'autoPrintDoneSaleId') !== saleId;
        if (!due) return { printed: false, openDialog: false };
        // Remembered before printing: a crash mid-print leaves a receipt unprinted rather than printed twice.
        setMeta(deps.db, 'autoPrintDoneSaleId', saleId);
      }
      // Without a chosen printer the host asks where to print (Electron's dialog), as the browser does.
      const { printed } = await deps.platform.printReceipt({ deviceName: settings.printerName, silent: settings.printerName !== null });
      return { printed, openDialog: !printed };
    },
    reopened(saleId) {
      setMeta(deps.db, 'autoPrintDoneSaleId', saleId);
    },
  };
}
