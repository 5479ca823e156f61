import type { KeyboardEvent, RefObject } from 'react';
import type { Client } from '../../../../shared/contract/entities';
import { displayPhone } from '../payment-link/contact';

type Props = {
  id: string;
  listRef: RefObject<HTMLUListElement | null>;
  clients: Client[];
  onPick: (clientId: string) => void;
  /** Arrow Up from the first result: back to the search field. */
  onLeave: () => void;
};

/**
 * The clients a search found, one button each. Up and Down move between them (Enter or Space picks, as on any
 * button). Each button is named by its own text, "Select" read before it, so the name contains what is seen.
 */
export function ClientResults({ id, listRef, clients, onPick, onLeave }: Props) {
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: buttons.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    if (next < 0) onLeave();
    else buttons[Math.min(next, buttons.length - 1)]?.focus();
  };

  return (
    <ul id={id} ref={listRef} className="client-results" aria-label="Client results">
      {clients.map((client, index) => {
        const contact = [client.email, displayPhone(client.phone)].filter(Boolean).join(' · ') || 'No contact details';
        return (
          <li key={client.id}>
            <button type="button" className="client-result" onClick={() => onPick(client.id)} onKeyDown={(e) => onKeyDown(e, index)}>
              <span className="visually-hidden">Select </span>
              <span className="client-result__name">{client.name}</span>
              <span className="client-result__contact">{contact}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
