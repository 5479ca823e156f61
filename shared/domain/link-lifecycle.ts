import type { LinkStatus } from '../contract/entities';

/** The link lifecycle of DESIGN.md section 4: pending → paid | canceled | expired, and terminal states never change. */
const TERMINAL_LINK_STATUSES: readonly LinkStatus[] = ['paid', 'canceled', 'expired'];

export function isTerminal(status: LinkStatus): boolean {
  return TERMINAL_LINK_STATUSES.includes(status);
}

/** A link takes payment only while pending and strictly before its deadline (server clock). */
export function isPayable(link: { status: LinkStatus; expiresAt: string }, serverNowMs: number): boolean {
  return link.status === 'pending' && serverNowMs < Date.parse(link.expiresAt);
}
