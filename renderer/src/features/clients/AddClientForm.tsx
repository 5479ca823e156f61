import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Client } from '../../../../shared/contract/entities';
import { useRegister } from '../../app/register-store';
import { useAction, type ActionError } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { focusFirstInvalid } from '../payment-link/ContactFields';
import { checkNewClient, draftFromQuery, type ClientDraft, type ClientDraftErrors } from './new-client';

type Props = {
  /** What was searched: it prefills the name, phone or email. */
  query: string;
  onAdded: (client: Client) => void;
  /** The client who already has the phone or email (client_exists): staff pick them instead. */
  onPickExisting: (clientId: string) => void;
  onCancel: () => void;
};

/** A server refusal that belongs next to a field (invalid_request with details.field) rather than under the form. */
function fieldOf(error: ActionError | null): 'phone' | 'email' | null {
  const field = error?.code === 'invalid_request' ? error.details?.field : undefined;
  return field === 'phone' || field === 'email' ? field : null;
}

/** After a refusal focus goes where staff act next: the field in error, Select the existing client, or Add again. */
function focusAfterRefusal(container: HTMLFormElement | null): void {
  container?.querySelector<HTMLElement>('input[aria-invalid="true"], .add-client__exists button, button[type="submit"]')?.focus();
}

/**
 * Add client, offered when a search finds nobody: a name, and a phone and/or email. Errors stay next to their
 * fields and nothing typed is erased; Enter submits. The engine adds the client on the server (online only) and
 * makes them the cart's client.
 */
export function AddClientForm({ query, onAdded, onPickExisting, onCancel }: Props) {
  const { call } = useRegister();
  const { run, busy, error } = useAction();
  const [draft, setDraft] = useState<ClientDraft>(() => draftFromQuery(query));
  const [errors, setErrors] = useState<ClientDraftErrors>({});
  const form = useRef<HTMLFormElement>(null);
  const ids = { name: useId(), phone: useId(), email: useId(), contact: useId() };

  // Staff land on the first field still to fill in.
  useEffect(() => {
    const empty = form.current?.querySelector<HTMLInputElement>('input[data-empty="true"]');
    (empty ?? form.current?.querySelector('input'))?.focus();
  }, []);

  const serverField = fieldOf(error);
  const shown: ClientDraftErrors = { ...errors, ...(serverField && error ? { [serverField]: error.message } : {}) };
  const existing = error?.code === 'client_exists' && typeof error.details?.clientId === 'string' ? error.details : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkNewClient(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      requestAnimationFrame(() => focusFirstInvalid(form.current));
      return;
    }
    setErrors({});
    const { ok: _ok, ...input } = checked;
    const added = await run(() => call('clients.add', input));
    if (added) onAdded(added.client);
    else requestAnimationFrame(() => focusAfterRefusal(form.current));
  };

  const field = (key: 'name' | 'phone' | 'email', label: string, props: { type: string; autoComplete: string; placeholder?: string }) => {
    const message = shown[key];
    const contactMissing = key !== 'name' && shown.contact;
    const describedBy = [message ? ids[key] : null, contactMissing ? ids.contact : null].filter(Boolean).join(' ');
    return (
      <label className="field">
        <span>{label}</span>
        <input
          {...props}
          name={key}
          value={draft[key]}
          disabled={busy}
          data-empty={draft[key].trim() === ''}
          aria-invalid={message || contactMissing ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        />
        {message && (
          <span id={ids[key]} className="field__error">
            {message}
          </span>
        )}
      </label>
    );
  };

  return (
    <form ref={form} className="add-client" aria-label="Add client" onSubmit={submit} noValidate>
      <h3 className="add-client__title">Add client</h3>
      <div className="add-client__fields">
        {field('name', 'Name', { type: 'text', autoComplete: 'off' })}
        {field('phone', 'Mobile phone', { type: 'tel', autoComplete: 'off', placeholder: '(555) 123-4567' })}
        {field('email', 'Email address', { type: 'email', autoComplete: 'off', placeholder: 'name@example.com' })}
      </div>
      {shown.contact && (
        <p id={ids.contact} className="field__error">
          {shown.contact}
        </p>
      )}
      {existing ? (
        <div className="add-client__exists" role="alert">
          <p>{error?.message}</p>
          <button type="button" className="button button--small" onClick={() => onPickExisting(String(existing.clientId))}>
            Select {typeof existing.clientName === 'string' ? existing.clientName : 'that client'}
          </button>
        </div>
      ) : (
        !serverField && <InlineError error={error} />
      )}
      <div className="add-client__actions">
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? 'Adding…' : 'Add client'}
        </button>
      </div>
    </form>
  );
}
