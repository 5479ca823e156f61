import type { Client } from '../../../../shared/contract/entities';
import { displayPhone } from '../payment-link/contact';

export function ClientCard({ client, onChange }: { client: Client; onChange?: () => void }) {
  const initials = client.name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <div className="client-card" aria-label={`Selected client ${client.name}`} role="group">
      <span className="avatar" aria-hidden="true">
        {initials}
      </span>
      <div className="client-card__details">
        <p className="client-card__name">{client.name}</p>
        <p className="muted small">
          {client.email && <span>{client.email}</span>}
          {client.email && client.phone && <span aria-hidden="true"> · </span>}
          {client.phone && <span>{displayPhone(client.phone)}</span>}
          {!client.email && !client.phone && <span>No contact details</span>}
        </p>
      </div>
      {onChange && (
        <button type="button" className="button button--quiet" onClick={onChange}>
          Change client
        </button>
      )}
    </div>
  );
}
