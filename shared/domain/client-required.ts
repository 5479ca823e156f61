import type { CatalogItem, ItemKind } from '../contract/entities';

// A walk-in cannot buy a package or a membership (DESIGN.md section 4): package credits and a subscription belong
// to someone, and a sale without a client has no one to give them to. The register (cart and checkout) and the
// server (POST /sales) judge with these same functions, so both say the same sentence.

export type ClientRequired = { code: 'client_required'; message: string; details: { itemId: string } };

type NamedItem = Pick<CatalogItem, 'kind' | 'name'> & { itemId: string };

const WHAT_NEEDS_AN_OWNER: Partial<Record<ItemKind, string>> = {
  package: 'its class credits belong to a client',
  membership: 'a membership belongs to a client',
};

/** Whether an item of this kind can only be sold to a client. */
export function needsClient(kind: ItemKind): boolean {
  return WHAT_NEEDS_AN_OWNER[kind] !== undefined;
}

/** Why a walk-in cannot buy this item, or null when a walk-in may (classes, appointments, products). */
export function walkInCannotBuy(item: NamedItem): ClientRequired | null {
  const why = WHAT_NEEDS_AN_OWNER[item.kind];
  if (why === undefined) return null;
  return { code: 'client_required', message: `A walk-in cannot buy ${item.name}: ${why}. Choose a client first.`, details: { itemId: item.itemId } };
}

/** The first line a sale to this client (null: a walk-in) may not hold, with the sentence; null when all may be sold. */
export function judgeWalkInLines(clientId: string | null, lines: readonly NamedItem[]): ClientRequired | null {
  if (clientId !== null) return null;
  for (const line of lines) {
    const refusal = walkInCannotBuy(line);
    if (refusal) return refusal;
  }
  return null;
}

/** Making a cart that holds a package or membership a walk-in's would orphan it: the sentence says what to do. */
export function judgeClearingClient(lines: readonly NamedItem[]): ClientRequired | null {
  const owned = lines.find((line) => needsClient(line.kind));
  if (!owned) return null;
  return {
    code: 'client_required',
    message: `${owned.name} needs a client: a walk-in cannot buy a package or a membership. Remove it from the cart to sell to a walk-in.`,
    details: { itemId: owned.itemId },
  };
}
