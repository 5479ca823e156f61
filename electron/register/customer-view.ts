import type { CustomerLine, CustomerStudio, CustomerView } from '../../shared/contract/customer-view';
import type { PricedLine, Sale } from '../../shared/contract/entities';
import type { CartView, LinkView, RegisterSnapshot } from '../../shared/contract/register-view';

// What the customer-facing display shows, decided from the engine's snapshot alone: the cart on the Sell screen and
// nothing else. The pending links tray, parked carts, notices, staff and activity never reach it.
//
// One thing the snapshot does not say is whether the receipt on screen is the sale just made for this client or a
// reprint (a parked client's payment, or an earlier sale). So the display remembers the lines of the cart it last
// showed, and thanks the client only for the sale of those lines; any other receipt leaves the cart view as it was.

/** The cart lines the display last showed (their register ids), to know whose sale a receipt is. */
export type CustomerViewMemory = { shownLineIds: readonly string[] };
export const EMPTY_CUSTOMER_MEMORY: CustomerViewMemory = { shownLineIds: [] };

/** A link that still waits for the client's card (not one being canceled: its QR code is no longer offered). */
const WAITING_PHASES: ReadonlySet<LinkView['phase']> = new Set(['sending', 'waiting', 'resending']);

/** "Maya" from "Maya Chen": the display greets the client, it does not spell out their name. */
export function firstNameOf(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}

function customerLine(line: PricedLine): CustomerLine {
  return {
    name: line.name,
    quantity: line.quantity,
    totalCents: line.totalCents,
    ...(line.startsAt ? { startsAt: line.startsAt } : {}),
    ...(line.seatLabel ? { seatLabel: line.seatLabel } : {}),
  };
}

const sameLines = (a: readonly string[], b: readonly string[]) => a.length > 0 && a.length === b.length && a.every((id, i) => id === b[i]);

function cartShape(cart: CartView, studio: CustomerStudio) {
  return {
    studio,
    firstName: firstNameOf(cart.client?.name),
    lines: cart.lines.map(customerLine),
    totalCents: cart.totalCents,
    currency: cart.currency,
  };
}

function thankYou(sale: Sale, studio: CustomerStudio, changeDueCents: number | null): CustomerView {
  return {
    kind: 'paid',
    studio,
    firstName: firstNameOf(sale.clientName),
    totalCents: sale.totalCents,
    currency: sale.currency ?? 'USD',
    ...(changeDueCents ? { changeCents: changeDueCents } : {}),
  };
}

export function customerViewOf(snapshot: RegisterSnapshot, memory: CustomerViewMemory): { view: CustomerView; memory: CustomerViewMemory } {
  if (snapshot.enrollment.kind !== 'enrolled') return { view: { kind: 'idle', studio: null }, memory: EMPTY_CUSTOMER_MEMORY };
  const { location } = snapshot.enrollment;
  const studio: CustomerStudio = { name: location.name, timeZone: location.timeZone, locale: location.locale, country: location.country };
  // Nobody at the register: the display says welcome, whatever cart is left on the Sell screen.
  if (snapshot.staff === null) return { view: { kind: 'idle', studio }, memory: EMPTY_CUSTOMER_MEMORY };

  const { cart, lastSale } = snapshot;
  const link = snapshot.activeLink?.onScreen ? snapshot.activeLink : null;
  const sale =
    lastSale &&
    sameLines(
      lastSale.lines.map((l) => l.id),
      memory.shownLineIds,
    )
      ? lastSale
      : null;
  if (sale) return { view: thankYou(sale, studio, snapshot.changeDueCents), memory };
  if (!cart || cart.lines.length === 0) return { view: { kind: 'idle', studio }, memory: lastSale ? memory : EMPTY_CUSTOMER_MEMORY };

  const shown = { shownLineIds: cart.lines.map((l) => l.id) };
  if (link?.phase === 'paid') {
    // Paid on the phone; the sale is being recorded and the receipt follows.
    return {
      view: { kind: 'paid', studio, firstName: firstNameOf(link.clientName), totalCents: link.totalCents, currency: link.currency },
      memory: shown,
    };
  }
  if (link && WAITING_PHASES.has(link.phase)) {
    return { view: { kind: 'waiting', ...cartShape(cart, studio), url: link.url, expiresInMs: link.expiresInMs }, memory: shown };
  }
  return { view: { kind: 'cart', ...cartShape(cart, studio) }, memory: shown };
}
