// The invoice page's Content-Security-Policy, a pure function of the payment mode.
//
// sandbox: nothing but this server. Styles and scripts inline with the answer's nonce (same-origin script files
// too when the page asks), images from ourselves or data: URLs, forms posted back to ourselves, no frames, no
// fetches, never framed by another site.
//
// stripe: the same, plus what Stripe's integration security guide lists for Stripe.js and the Payment Element
// (docs.stripe.com/security/guide#content-security-policy): the script from js.stripe.com (and *.js.stripe.com),
// its frames on js.stripe.com, *.js.stripe.com and hooks.stripe.com (3-D Secure), and its calls to api.stripe.com.
// The guide's maps.googleapis.com entries serve the Address Element's autocomplete, which this page does not use.

export type PaymentMode = 'sandbox' | 'stripe';

export type InvoiceCspOptions = {
  /** The answer's nonce, carried by its inline <style> and <script> elements. */
  nonce: string;
  /** Also allow script files from this server (`<script src="/...">`). */
  sameOriginScripts?: boolean;
};

const STRIPE_SCRIPTS = ['https://js.stripe.com', 'https://*.js.stripe.com'];
const STRIPE_FRAMES = ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'];
const STRIPE_API = ['https://api.stripe.com'];

/** A CSP source list entry, or one computed per answer (helmet calls it with the request and response). */
export type CspSource<Computed> = string | Computed;

/**
 * The policy as directives, in order; `nonceSource` is the `'nonce-…'` entry (a string, or helmet's per-answer
 * function). The header is these directives, each `name value…`, joined by `;` (helmet's form, which writes it).
 */
export function invoicePageCspDirectives<Computed>(
  mode: PaymentMode,
  nonceSource: CspSource<Computed>,
  options: { sameOriginScripts?: boolean } = {},
): Record<string, Array<CspSource<Computed>>> {
  const stripe = mode === 'stripe';
  return {
    'default-src': ["'none'"],
    'style-src': [nonceSource],
    'script-src': [...(options.sameOriginScripts ? ["'self'"] : []), nonceSource, ...(stripe ? STRIPE_SCRIPTS : [])],
    'img-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    ...(stripe ? { 'frame-src': STRIPE_FRAMES, 'connect-src': STRIPE_API } : {}),
  };
}

export function invoicePageCsp(mode: PaymentMode, options: InvoiceCspOptions): string {
  const directives = invoicePageCspDirectives(mode, `'nonce-${options.nonce}'`, options);
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join(';');
}
