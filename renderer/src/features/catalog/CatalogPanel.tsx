import { useRef, useState, type KeyboardEvent } from 'react';
import type { ItemKind } from '../../../../shared/contract/entities';
import { useRegister } from '../../app/register-store';
import { CatalogItemCard } from './CatalogItemCard';
import { CATALOG_PANEL_ID } from './catalog-focus';

const TABS: Array<{ kind: ItemKind; label: string }> = [
  { kind: 'class', label: 'Classes' },
  { kind: 'appointment', label: 'Appointments' },
  { kind: 'package', label: 'Packages' },
  { kind: 'membership', label: 'Memberships' },
  { kind: 'product', label: 'Products' },
];

/** The catalog by kind, as an ARIA tablist: arrow keys move between tabs, Tab goes into the panel. */
export function CatalogPanel({ locked }: { locked: boolean }) {
  const { catalog } = useRegister();
  const [active, setActive] = useState<ItemKind>('class');
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const items = catalog?.items.filter((item) => item.kind === active) ?? [];

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: TABS.length - 1 - index };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const next = (index + move + TABS.length) % TABS.length;
    setActive(TABS[next].kind);
    tabRefs.current[next]?.focus();
  };

  return (
    <section className="panel catalog" id={CATALOG_PANEL_ID} aria-label="Catalog">
      <div className="tabs" role="tablist" aria-label="Catalog sections">
        {TABS.map((tab, index) => (
          <button
            key={tab.kind}
            ref={(el) => {
              tabRefs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.kind}`}
            aria-selected={active === tab.kind}
            aria-controls={`panel-${tab.kind}`}
            tabIndex={active === tab.kind ? 0 : -1}
            className="tab"
            onClick={() => setActive(tab.kind)}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div className="tabpanel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
        {locked && <p className="locked-note">The cart is locked while the payment link is active. Cancel the link to change the cart.</p>}
        {!catalog && <p className="muted">Loading the catalog…</p>}
        {catalog && items.length === 0 && <p className="muted">Nothing here yet.</p>}
        <div className="item-grid">
          {items.map((item) => (
            <CatalogItemCard key={item.id} item={item} disabled={locked} />
          ))}
        </div>
      </div>
    </section>
  );
}
