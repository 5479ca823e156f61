import type { RouteName, routes } from '../../shared/contract/http';

// The kinds of command the register writes to its outbox (each one's handler lives with the feature that writes it),
// each sent to a route of the table: a command kind without one cannot be written (see enqueueCommand).

export const SALE_COMMAND = 'sale.create';
export const LINK_CREATE_COMMAND = 'link.create';
export const LINK_RESEND_COMMAND = 'link.resend';
export const LINK_CANCEL_COMMAND = 'link.cancel';

/** The routes a command may go to: the table's state-changing POSTs that take an Idempotency-Key. */
type CommandRouteName = { [N in RouteName]: (typeof routes)[N] extends { method: 'POST'; idempotent: true } ? N : never }[RouteName];

/** Each command kind and the route of the table it is sent to. */
export const COMMAND_ROUTES = {
  [SALE_COMMAND]: 'createSale',
  [LINK_CREATE_COMMAND]: 'createLink',
  [LINK_RESEND_COMMAND]: 'resendLink',
  [LINK_CANCEL_COMMAND]: 'cancelLink',
} as const satisfies Record<string, CommandRouteName>;

export type CommandKind = keyof typeof COMMAND_ROUTES;
