import { useEffect, useState } from 'react';
import type { Client } from '../../../../shared/contract/entities';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { ClientCard } from './ClientCard';

const SEARCH_DELAY_MS = 150;
/** The search field's id: a package or membership offered to a walk-in sends staff here ("Choose a client first"). */
export const CLIENT_SEARCH_ID = 'client-search';
const MAX_RESULTS = 8;

/** Who the sale is for: a client found by name, email or phone, or a walk-in. */
export function ClientPicker({ locked }: { locked: boolean }) {
  const { call } = useRegister();
  const { cart } = useSnapshot();
  const { run, error } = useAction();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Client[]>([]);
  const [searching, setSearching] = useState(false);
  const selected = cart?.client ?? null;

  useEffect(() => {
    if ((selected && !searching) || query.trim() === '') {
      setResults([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      call('clients.search', { query: query.trim() }).then(
        (found) => current && setResults(found.clients.slice(0, MAX_RESULTS)),
        () => current && setResults([]),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [call, query, selected, searching]);

  const choose = async (clientId: string | null) => {
    const done = await run(() => call('cart.setClient', { clientId }));
    if (done) {
      setSearching(false);
      setQuery('');
    }
  };

  if (selected && (!searching || locked)) {
    return (
      <section className="panel client-picker" aria-label="Client">
        <ClientCard client={selected} onChange={locked ? undefined : () => setSearching(true)} />
        <InlineError error={error} />
      </section>
    );
  }

  return (
    <section className="panel client-picker" aria-label="Client">
      <div className="client-picker__row">
        <label className="field field--grow">
          <span>Client</span>
          <input
            type="search"
            id={CLIENT_SEARCH_ID}
            placeholder="Search by name, email or phone"
            aria-label="Search clients"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <button type="button" className={selected ? 'button' : 'button button--selected'} aria-pressed={!selected} onClick={() => choose(null)}>
          Walk-in
        </button>
      </div>
      {!selected && <p className="muted small">Selling to a walk-in. Search to attach a client profile.</p>}
      <InlineError error={error} />
      {results.length > 0 ? (
        <ul className="client-results" aria-label="Client results">
          {results.map((client) => (
            <li key={client.id}>
              <button type="button" className="client-result" aria-label={`Select ${client.name}`} onClick={() => choose(client.id)}>
                <span className="client-result__name">{client.name}</span>
                <span className="client-result__contact">{[client.email, client.phone].filter(Boolean).join(' · ') || 'No contact details'}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        query.trim() !== '' && <p className="muted small">No client matches “{query.trim()}”.</p>
      )}
    </section>
  );
}
