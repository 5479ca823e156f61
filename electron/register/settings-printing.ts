import { AppError } from '../../shared/contract/errors';
import type { LocalDb } from '../../db/open-database';
import { readSale } from './checkout';
import type { DeskPlatform } from './desk-platform';
import { getMeta } from './meta-store';
import { readDeskSettings } from './settings-store';

// Receipts to the printer chosen in Settings. "Print after every sale" prints the receipt of the sale just made
// once: not again when the screen shows it a second time (the renderer reloaded), nor for a receipt reopened later.

export type ReceiptPrinter = {
  print(input: { saleId: string; trigger: 'button' | 'after_sale' }): Promise<{ printed: boolean; openDialog: boolean }>;
  /** A receipt reopened later: it is a reprint, printed only when staff ask. */
  reopened(saleId: string): void;
};

export function createReceiptPrinter(deps: { db: LocalDb; platform: DeskPlatform }): ReceiptPrinter {
  let autoPrintedSaleId: string | null = null;
  let reopenedSaleId: string | null = null;
  return {
    async print({ saleId, trigger }) {
      if (!readSale(deps.db, saleId)) throw new AppError('not_found', 'That sale is not on this register.', { saleId });
      const settings = readDeskSettings(deps.db);
      if (trigger === 'after_sale') {
        const due = settings.printAfterSale && getMeta(deps.db, 'lastSaleId') === saleId && autoPrintedSaleId !== saleId && reopenedSaleId !== saleId;
        if (!due) return { printed: false, openDialog: false };
        autoPrintedSaleId = saleId;
      }
      // Without a chosen printer the host asks where to print (Electron's dialog), as the browser does.
      const { printed } = await deps.platform.printReceipt({ deviceName: settings.printerName, silent: settings.printerName !== null });
      return { printed, openDialog: !printed };
    },
    reopened(saleId) {
      reopenedSaleId = saleId;
    },
  };
}
