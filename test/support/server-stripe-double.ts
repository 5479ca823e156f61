import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

// A local HTTP double of the Stripe endpoints the server calls (PaymentIntents create/retrieve/cancel, charges
// retrieve, refunds create), and signed webhook deliveries made with the SDK's own test-header helper.

export type IntentState = {
  id: string;
  amount: number;
  currency: string;
  status: 'requires_payment_method' | 'requires_action' | 'processing' | 'succeeded' | 'canceled';
  metadata: Record<string, string>;
  latestCharge: string | null;
};

const STRIPE_WEBHOOK_SECRET = 'whsec_test_secret_for_frontdesk';

export async function startStripeDouble() {
  const intents = new Map<string, IntentState>();
  const charges = new Map<string, { brand: string; last4: string; intent: string }>();
  const idempotency = new Map<string, string>();
  const refunds: Array<{ id: string; paymentIntent: string; idempotencyKey?: string }> = [];
  const calls: string[] = [];
  /** Requests (`METHOD /path`) held until released: stages a slow Stripe in a race. */
  const gates: Array<{ match: RegExp; reached: () => void; released: Promise<void> }> = [];
  /** Intents whose cancel Stripe refuses (an answer our server cannot act on). */
  const failCancel = new Set<string>();
  /** Refund creations still to refuse (Infinity: all). */
  const refundFailures = { remaining: 0 };
  let n = 0;
  const intentJson = (i: IntentState) => ({
    id: i.id,
    object: 'payment_intent',
    amount: i.amount,
    amount_received: i.status === 'succeeded' ? i.amount : 0,
    currency: i.currency,
    status: i.status,
    client_secret: `${i.id}_secret_x`,
    metadata: i.metadata,
    latest_charge: i.latestCharge,
    last_payment_error: null,
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    const respond = async () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const path = (req.url ?? '').split('?')[0]!;
      calls.push(`${req.method} ${path}`);
      const gate = gates.find((g) => g.match.test(`${req.method} ${path}`));
      if (gate) {
        gates.splice(gates.indexOf(gate), 1);
        gate.reached();
        await gate.released;
      }
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${(n += 1)}` });
        res.end(JSON.stringify(body));
      };
      const fail = (status: number, code: string, message: string) => json(status, { error: { type: 'invalid_request_error', code, message } });
      if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_test_')) return fail(401, 'unauthorized', 'Invalid API key');
      const key = req.headers['idempotency-key'] as string | undefined;
      let m: RegExpExecArray | null;
      if (req.method === 'POST' && path === '/v1/payment_intents') {
        const known = key ? idempotency.get(key) : undefined;
        if (known) return json(200, intentJson(intents.get(known)!));
        const metadata: Record<string, string> = {};
        for (const [k, v] of form) {
          const meta = /^metadata\[(.+)\]$/.exec(k);
          if (meta) metadata[meta[1]!] = v;
        }
        const intent: IntentState = {
          id: `pi_${(n += 1)}`,
          amount: Number(form.get('amount')),
          currency: form.get('currency') ?? 'usd',
          status: 'requires_payment_method',
          metadata,
          latestCharge: null,
        };
        intents.set(intent.id, intent);
        if (key) idempotency.set(key, intent.id);
        return json(200, intentJson(intent));
      }
      if ((m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path)) && req.method === 'GET') {
        const intent = intents.get(m[1]!);
        return intent ? json(200, intentJson(intent)) : fail(404, 'resource_missing', 'No such payment_intent');
      }
      if ((m = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(path)) && req.method === 'POST') {
        const intent = intents.get(m[1]!);
        if (!intent) return fail(404, 'resource_missing', 'No such payment_intent');
        if (failCancel.has(intent.id)) return fail(400, 'processing_error', 'The cancel could not be processed.');
        if (intent.status === 'succeeded' || intent.status === 'canceled') {
          return fail(400, 'payment_intent_unexpected_state', `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`);
        }
        intent.status = 'canceled';
        return json(200, intentJson(intent));
      }
      if ((m = /^\/v1\/charges\/([^/]+)$/.exec(path)) && req.method === 'GET') {
        const charge = charges.get(m[1]!);
        if (!charge) return fail(404, 'resource_missing', 'No such charge');
        return json(200, {
          id: m[1],
          object: 'charge',
          payment_intent: charge.intent,
          payment_method_details: { type: 'card', card: { brand: charge.brand, last4: charge.last4 } },
        });
      }
      if (req.method === 'POST' && path === '/v1/refunds') {
        if (refundFailures.remaining > 0) {
          refundFailures.remaining -= 1;
          return fail(400, 'charge_already_refunded_elsewhere', 'The refund could not be made right now.');
        }
        const existing = refunds.find((r) => key && r.idempotencyKey === key);
        const refund = existing ?? { id: `re_${(n += 1)}`, paymentIntent: form.get('payment_intent') ?? '', idempotencyKey: key };
        if (!existing) refunds.push(refund);
        return json(200, { id: refund.id, object: 'refund', payment_intent: refund.paymentIntent, status: 'succeeded' });
      }
      return fail(404, 'resource_missing', `Unrecognized request URL (${req.method}: ${path})`);
    };
    // Answered asynchronously: a test's gate may hold the answer (nothing awaits a request handler).
    req.on('end', () => void respond());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const sdk = new Stripe('sk_test_double');
  return {
    options: {
      secretKey: 'sk_test_double',
      webhookSecret: STRIPE_WEBHOOK_SECRET,
      publishableKey: 'pk_test_double',
      host: '127.0.0.1',
      port,
      protocol: 'http' as const,
    },
    intents,
    idempotencyKeys: idempotency,
    refunds,
    calls,
    failCancel,
    refundFailures,
    /** Holds the next request matching `pattern` (`METHOD /path`) until `release()`; `reached` resolves when it arrives. */
    gate(pattern: RegExp) {
      let reached!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      gates.push({ match: pattern, reached, released: new Promise<void>((resolve) => (release = resolve)) });
      return { reached: arrived, release };
    },
    /** The client paid at Stripe (the charge carries only brand and last four). */
    succeed(intentId: string, card = { brand: 'visa', last4: '4242' }) {
      const intent = intents.get(intentId)!;
      const chargeId = `ch_${(n += 1)}`;
      charges.set(chargeId, { ...card, intent: intentId });
      intent.status = 'succeeded';
      intent.latestCharge = chargeId;
      return intent;
    },
    /** A webhook delivery for the intent as it is now: body and a signature header (valid unless told otherwise). */
    webhook(type: string, intentId: string, opts: { eventId?: string; timestampSeconds?: number; secret?: string } = {}) {
      const intent = intents.get(intentId)!;
      const payload = JSON.stringify({
        id: opts.eventId ?? `evt_${(n += 1)}`,
        object: 'event',
        type,
        api_version: '2025-01-01',
        created: Math.floor(Date.now() / 1000),
        data: { object: intentJson(intent) },
      });
      const header = sdk.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? STRIPE_WEBHOOK_SECRET, timestamp: opts.timestampSeconds });
      return { payload, header };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function postWebhook(baseUrl: string, delivery: { payload: string; header: string }) {
  const response = await fetch(`${baseUrl}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': delivery.header },
    body: delivery.payload,
  });
  return { status: response.status, body: (await response.json()) as any };
}
