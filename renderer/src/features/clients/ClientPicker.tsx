import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Client } from '../../../../shared/contract/entities';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { focusCatalog } from '../catalog/catalog-focus';
import { AddClientForm } from './AddClientForm';
import { ClientCard } from './ClientCard';
import { ClientResults } from './ClientResults';

const SEARCH_DELAY_MS = 150;
/** The search field's id: a package or membership offered to a walk-in sends staff here ("Choose a client first"). */
export const CLIENT_SEARCH_ID = 'client-search';
const MAX_RESULTS = 8;

/** What the search has found for the query on screen; `pending` until its answer comes (so "no match" never flashes). */
type Found = { query: string; clients: Client[] } | { query: string; pending: true };

/**
 * Who the sale is for: a client found by name, email or phone (arrow keys move through the results), a new client
 * added when the search finds nobody, or a walk-in. Picking or adding a client moves focus to the catalog.
 */
export function ClientPicker({ locked }: { locked: boolean }) {
  const { call } = useRegister();
  const { cart } = useSnapshot();
  const { run, error } = useAction();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found>({ query: '', clients: [] });
  const [searching, setSearching] = useState(false);
  const [adding, setAdding] = useState(false);
  const searchField = useRef<HTMLInputElement>(null);
  const resultsList = useRef<HTMLUListElement>(null);
  const selected = cart?.client ?? null;
  const term = query.trim();

  useEffect(() => {
    if ((selected && !searching) || term === '') {
      setFound({ query: term, clients: [] });
      return;
    }
    let current = true;
    setFound({ query: term, pending: true });
    const timer = setTimeout(() => {
      call('clients.search', { query: term }).then(
        (answer) => current && setFound({ query: term, clients: answer.clients.slice(0, MAX_RESULTS) }),
        () => current && setFound({ query: term, clients: [] }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [call, term, selected, searching]);

  // Signing in and finishing a sale leave the focus nowhere (their screen is gone): the next thing staff do is
  // find the client. Focus that is somewhere already (the Sell button of the top bar) stays where it is.
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) searchField.current?.focus();
  }, []);

  // Change client: staff type the next search straight away.
  useEffect(() => {
    if (searching) searchField.current?.focus();
  }, [searching]);

  const done = (toCatalog: boolean) => {
    setSearching(false);
    setAdding(false);
    setQuery('');
    // The next thing staff do is choose what the client buys.
    if (toCatalog) requestAnimationFrame(focusCatalog);
  };

  const choose = async (clientId: string | null) => {
    const chosen = await run(() => call('cart.setClient', { clientId }));
    if (chosen) done(clientId !== null);
  };

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowDown') return;
    const first = resultsList.current?.querySelector<HTMLButtonElement>('button');
    if (!first) return;
    event.preventDefault();
    first.focus();
  };

  if (selected && (!searching || locked)) {
    return (
      <section className="panel client-picker" aria-label="Client">
        <ClientCard client={selected} onChange={locked ? undefined : () => setSearching(true)} />
        <InlineError error={error} />
      </section>
    );
  }

  const results = 'clients' in found && found.query === term ? found.clients : [];
  const foundNobody = term !== '' && 'clients' in found && found.query === term && found.clients.length === 0;

  return (
    <section className="panel client-picker" aria-label="Client">
      <div className="client-picker__row">
        <label className="field field--grow">
          <span>Client</span>
          <input
            ref={searchField}
            type="search"
            id={CLIENT_SEARCH_ID}
            placeholder="Search by name, email or phone"
            aria-label="Search clients"
            aria-controls={results.length > 0 ? 'client-results' : undefined}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setAdding(false);
            }}
            onKeyDown={onSearchKeyDown}
          />
        </label>
        <button type="button" className={selected ? 'button' : 'button button--selected'} aria-pressed={!selected} onClick={() => choose(null)}>
          Walk-in
        </button>
      </div>
      {!selected && <p className="muted small">Selling to a walk-in. Search to attach a client profile.</p>}
      <InlineError error={error} />
      {results.length > 0 && (
        <ClientResults id="client-results" listRef={resultsList} clients={results} onPick={choose} onLeave={() => searchField.current?.focus()} />
      )}
      {foundNobody && !adding && (
        <div className="client-picker__none">
          <p className="muted small">No client matches “{term}”.</p>
          <button type="button" className="button button--small" onClick={() => setAdding(true)}>
            Add client
          </button>
        </div>
      )}
      {adding && (
        <AddClientForm
          query={term}
          onAdded={() => done(true)}
          onPickExisting={choose}
          onCancel={() => {
            setAdding(false);
            searchField.current?.focus();
          }}
        />
      )}
    </section>
  );
}
