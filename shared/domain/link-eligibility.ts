import type { CartLine, Staff } from '../contract/entities';
import { isDeferredSubscription } from './cart-pricing';
import { hasPermission } from './permissions';

/**
 * Whether Send payment link may be offered for this cart, and if not, why. `hidden` reasons remove the button
 * (DESIGN.md section 4); `disabled` reasons show it with the sentence.
 */
export type LinkEligibility =
  | { kind: 'allowed' }
  | { kind: 'hidden'; code: 'permission_denied' | 'client_required' | 'deferred_subscription'; message: string }
  | { kind: 'disabled'; code: 'empty_cart' | 'offline' | 'link_already_active'; message: string };

export function linkEligibility(input: {
  staff: Pick<Staff, 'permissions'>;
  clientId: string | null;
  lines: readonly Pick<CartLine, 'startsOn' | 'chargeLater'>[];
  today: string;
  online: boolean;
  activeLinkId?: string | null;
}): LinkEligibility {
  if (!hasPermission(input.staff, 'send_payment_link')) {
    return { kind: 'hidden', code: 'permission_denied', message: 'Your role cannot send payment links.' };
  }
  if (input.clientId === null) {
    return { kind: 'hidden', code: 'client_required', message: 'Choose a client to send a payment link; a walk-in pays here.' };
  }
  if (input.lines.some((line) => isDeferredSubscription(line, input.today))) {
    return {
      kind: 'hidden',
      code: 'deferred_subscription',
      message: 'A membership that starts later and is charged later is not paid by link.',
    };
  }
  if (input.lines.length === 0) return { kind: 'disabled', code: 'empty_cart', message: 'Add something to the cart first.' };
  if (input.activeLinkId) {
    return { kind: 'disabled', code: 'link_already_active', message: 'A payment link is already waiting for this cart.' };
  }
  if (!input.online) {
    return {
      kind: 'disabled',
      code: 'offline',
      message: 'The register is offline: a link must hold the spot and send a message, so it needs the server.',
    };
  }
  return { kind: 'allowed' };
}
