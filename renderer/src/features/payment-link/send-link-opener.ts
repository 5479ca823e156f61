import { createContext, useContext } from 'react';

/**
 * Opens the Send payment link dialog. The dialog lives above the cart (in PosScreen), not under the button: while
 * the link is being created the waiting panel replaces checkout, and a refusal must still find the dialog open.
 */
export const SendLinkOpener = createContext<() => void>(() => undefined);

export function useOpenSendLink(): () => void {
  return useContext(SendLinkOpener);
}
