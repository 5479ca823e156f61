/** The catalog panel's id: after a client is picked or added, focus moves here, the next thing staff do. */
export const CATALOG_PANEL_ID = 'catalog';

/** Focuses the catalog's selected tab (from there arrow keys change the section and Tab enters the items). */
export function focusCatalog(): void {
  document.getElementById(CATALOG_PANEL_ID)?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
}
