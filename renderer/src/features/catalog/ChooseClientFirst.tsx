import { CLIENT_SEARCH_ID } from '../clients/ClientPicker';

/**
 * In place of Add on a package or membership while the cart is a walk-in's: the reason (the shared rule's sentence)
 * and the way forward, which takes staff to the client search.
 */
export function ChooseClientFirst({ itemId, message, disabled }: { itemId: string; message: string; disabled: boolean }) {
  const reasonId = `client-first-${itemId}`;
  return (
    <>
      <p id={reasonId} className="muted small">
        {message}
      </p>
      <button
        type="button"
        className="button item-card__add"
        aria-describedby={reasonId}
        disabled={disabled}
        onClick={() => document.getElementById(CLIENT_SEARCH_ID)?.focus()}
      >
        Choose a client first
      </button>
    </>
  );
}
