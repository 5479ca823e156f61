import { describe, expect, it } from 'vitest';
import { invoicePageCsp } from '../../server/src/pages/invoice-csp';

/** The policy as directive → sources. */
const directives = (policy: string) =>
  Object.fromEntries(
    policy.split(/;\s*/).map((directive) => {
      const [name, ...sources] = directive.split(' ');
      return [name!, sources];
    }),
  );
const hostsIn = (policy: string) => policy.match(/https?:\/\/[^\s;]+/g) ?? [];

describe('invoice page CSP', () => {
  it('sandbox: nothing third-party, scripts and styles only by nonce', () => {
    const policy = invoicePageCsp('sandbox', { nonce: 'abc123' });
    expect(hostsIn(policy)).toEqual([]);
    expect(directives(policy)).toEqual({
      'default-src': ["'none'"],
      'style-src': ["'nonce-abc123'"],
      'script-src': ["'nonce-abc123'"],
      'img-src': ["'self'", 'data:'],
      'form-action': ["'self'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it("stripe: exactly what Stripe.js and the Payment Element need, on top of sandbox's policy", () => {
    const policy = directives(invoicePageCsp('stripe', { nonce: 'abc123' }));
    expect(policy).toEqual({
      ...directives(invoicePageCsp('sandbox', { nonce: 'abc123' })),
      'script-src': ["'nonce-abc123'", 'https://js.stripe.com', 'https://*.js.stripe.com'],
      'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
      'connect-src': ['https://api.stripe.com'],
    });
    expect(hostsIn(invoicePageCsp('stripe', { nonce: 'n' })).every((host) => /^https:\/\/([a-z*]+\.)*stripe\.com$/.test(host))).toBe(true);
  });

  it("same-origin script files when asked, in either mode, and never 'unsafe-inline' or 'unsafe-eval'", () => {
    for (const mode of ['sandbox', 'stripe'] as const) {
      const policy = invoicePageCsp(mode, { nonce: 'n', sameOriginScripts: true });
      expect(directives(policy)['script-src']!.slice(0, 2)).toEqual(["'self'", "'nonce-n'"]);
      expect(policy).not.toMatch(/unsafe/);
    }
    expect(invoicePageCsp('sandbox', { nonce: 'n' })).not.toContain("script-src 'self'");
  });
});
