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

export function invoicePageCsp(mode: PaymentMode, options: InvoiceCspOptions): string {
  const stripe = mode === 'stripe';
  const nonce = `'nonce-${options.nonce}'`;
  const scripts = [...(options.sameOriginScripts ? ["'self'"] : []), nonce, ...(stripe ? STRIPE_SCRIPTS : [])];
  return [
    "default-src 'none'",
    `style-src ${nonce}`,
    `script-src ${scripts.join(' ')}`,
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    ...(stripe ? [`frame-src ${STRIPE_FRAMES.join(' ')}`, `connect-src ${STRIPE_API.join(' ')}`] : []),
  ].join('; ');
}
