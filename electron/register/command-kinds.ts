// The kinds of command the register writes to its outbox (each one's handler lives with the feature that writes it).

export const SALE_COMMAND = 'sale.create';
export const LINK_CREATE_COMMAND = 'link.create';
export const LINK_RESEND_COMMAND = 'link.resend';
export const LINK_CANCEL_COMMAND = 'link.cancel';
