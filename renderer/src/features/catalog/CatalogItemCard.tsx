import type { CatalogItem } from '../../../../shared/contract/entities';
import { walkInCannotBuy } from '../../../../shared/domain/client-required';
import { money } from '../../app/format';
import { useSnapshot } from '../../app/register-store';
import { AppointmentSlots } from './AppointmentSlots';
import { ClassSessions } from './ClassSessions';
import { MembershipOptions } from './MembershipOptions';
import { useAddLine } from './use-add-line';
import { InlineError } from '../../components/InlineError';
import { ChooseClientFirst } from './ChooseClientFirst';

export function CatalogItemCard({ item, disabled }: { item: CatalogItem; disabled: boolean }) {
  const { cart } = useSnapshot();
  const currency = cart?.currency ?? 'USD';
  // A walk-in cannot buy a package or membership: the card says so instead of offering Add.
  const walkInRefusal = cart && cart.clientId === null ? walkInCannotBuy({ itemId: item.id, kind: item.kind, name: item.name }) : null;
  return (
    <article className={`item-card item-card--${item.kind}`} aria-labelledby={`item-${item.id}`}>
      <header className="item-card__header">
        <h3 id={`item-${item.id}`}>{item.name}</h3>
        <span className="price">{money(item.priceCents, currency)}</span>
      </header>
      {item.description && <p className="muted small">{item.description}</p>}
      {item.kind === 'class' && <ClassSessions item={item} disabled={disabled} />}
      {item.kind === 'appointment' && <AppointmentSlots item={item} disabled={disabled} />}
      {walkInRefusal ? (
        <ChooseClientFirst itemId={item.id} message={walkInRefusal.message} disabled={disabled} />
      ) : (
        <>
          {item.kind === 'membership' && <MembershipOptions item={item} disabled={disabled} />}
          {(item.kind === 'product' || item.kind === 'package') && <AddButton item={item} disabled={disabled} />}
        </>
      )}
    </article>
  );
}

function AddButton({ item, disabled }: { item: CatalogItem; disabled: boolean }) {
  const { add, busy, error } = useAddLine();
  return (
    <>
      <InlineError error={error} />
      {/* Not disabled while adding: a disabled button drops the focus, and staff adding two of a thing press again. */}
      <button
        type="button"
        className="button button--primary item-card__add"
        disabled={disabled}
        aria-busy={busy || undefined}
        onClick={() => add({ itemId: item.id, quantity: 1 })}
      >
        Add {item.name}
      </button>
    </>
  );
}
