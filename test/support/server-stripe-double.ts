import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

// A local HTTP double of the Stripe endpoints the server calls (PaymentIntents create/retrieve/capture/cancel,
// charges retrieve, refunds create), and signed webhook deliveries made with the SDK's own test-header helper.
// Intents follow Stripe's manual-capture lifecycle: requires_payment_method → (client confirms) requires_capture
// → capture → succeeded; cancel of an authorized intent voids the authorization (→ canceled, nothing charged).

export type IntentState = {
  id: string;
  amount: number;
  currency: string;
  status: 'requires_payment_method' | 'requires_action' | 'requires_capture' | 'processing' | 'succeeded' | 'canceled';
  captureMethod: 'automatic' | 'manual';
  metadata: Record<string, string>;
  latestCharge: string | null;
};

/** A request as the double saw it: its form fields flattened (`allowed_payment_method_types[0]`) and headers. */
export type SeenRequest = { params: Record<string, string>; idempotencyKey?: string; stripeVersion?: string };

const STRIPE_WEBHOOK_SECRET = 'whsec_test_secret_for_frontdesk';
type Answer = { status: number; body: unknown };

export async function startStripeDouble() {
  const intents = new Map<string, IntentState>();
  const charges = new Map<string, { brand: string; last4: string; intent: string; captured: boolean }>();
  const idempotency = new Map<string, string>();
  /** Answers already given to an idempotency key (capture), replayed as Stripe does. */
  const replays = new Map<string, Answer>();
  const refunds: Array<{ id: string; paymentIntent: string; idempotencyKey?: string }> = [];
  const creates: SeenRequest[] = [];
  /** Captures that moved money (one per intent at most, as at Stripe), with their idempotency keys. */
  const captures: Array<{ intentId: string; idempotencyKey?: string }> = [];
  /** Authorizations voided by a cancel: held money given back without a charge. */
  const voided: string[] = [];
  const calls: string[] = [];
  /** Requests (`METHOD /path`) held until released: stages a slow Stripe in a race. */
  const gates: Array<{ match: RegExp; reached: () => void; released: Promise<void>; applied: boolean }> = [];
  /** Intents whose cancel Stripe refuses (an answer our server cannot act on). */
  const failCancel = new Set<string>();
  /** Refund creations still to refuse (Infinity: all). */
  const refundFailures = { remaining: 0 };
  let n = 0;
  const intentJson = (i: IntentState) => ({
    id: i.id,
    object: 'payment_intent',
    amount: i.amount,
    amount_capturable: i.status === 'requires_capture' ? i.amount : 0,
    amount_received: i.status === 'succeeded' ? i.amount : 0,
    capture_method: i.captureMethod,
    currency: i.currency,
    status: i.status,
    client_secret: `${i.id}_secret_x`,
    metadata: i.metadata,
    latest_charge: i.latestCharge,
    last_payment_error: null,
  });
  const ok = (body: unknown): Answer => ({ status: 200, body });
  const fail = (status: number, code: string, message: string): Answer => ({ status, body: { error: { type: 'invalid_request_error', code, message } } });
  const unexpected = (intent: IntentState, verb: string) =>
    fail(400, 'payment_intent_unexpected_state', `You cannot ${verb} this PaymentIntent because it has a status of ${intent.status}.`);

  const answer = (method: string, path: string, form: URLSearchParams, seen: SeenRequest): Answer => {
    const key = seen.idempotencyKey;
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/payment_intents') {
      creates.push(seen);
      const known = key ? idempotency.get(key) : undefined;
      if (known) return ok(intentJson(intents.get(known)!));
      const names = Object.keys(seen.params);
      // The SDK's pinned API version (endive) no longer takes payment_method_types on create.
      if (names.some((k) => k.startsWith('payment_method_types'))) {
        return fail(400, 'payment_method_types_no_longer_supported', 'payment_method_types is no longer supported on this API version.');
      }
      if (names.some((k) => k.startsWith('allowed_payment_method_types')) && names.some((k) => k.startsWith('automatic_payment_methods'))) {
        return fail(400, 'parameters_exclusive', 'allowed_payment_method_types and automatic_payment_methods are mutually exclusive.');
      }
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
        captureMethod: form.get('capture_method') === 'manual' ? 'manual' : 'automatic',
        metadata,
        latestCharge: null,
      };
      intents.set(intent.id, intent);
      if (key) idempotency.set(key, intent.id);
      return ok(intentJson(intent));
    }
    if ((m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path)) && method === 'GET') {
      const intent = intents.get(m[1]!);
      return intent ? ok(intentJson(intent)) : fail(404, 'resource_missing', 'No such payment_intent');
    }
    if ((m = /^\/v1\/payment_intents\/([^/]+)\/capture$/.exec(path)) && method === 'POST') {
      const replay = key ? replays.get(key) : undefined;
      if (replay) return replay;
      const intent = intents.get(m[1]!);
      if (!intent) return fail(404, 'resource_missing', 'No such payment_intent');
      if (intent.status !== 'requires_capture') return unexpected(intent, 'capture');
      intent.status = 'succeeded';
      if (intent.latestCharge) charges.get(intent.latestCharge)!.captured = true;
      captures.push({ intentId: intent.id, idempotencyKey: key });
      const captured = ok(intentJson(intent));
      if (key) replays.set(key, captured);
      return captured;
    }
    if ((m = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(path)) && method === 'POST') {
      const intent = intents.get(m[1]!);
      if (!intent) return fail(404, 'resource_missing', 'No such payment_intent');
      if (failCancel.has(intent.id)) return fail(400, 'processing_error', 'The cancel could not be processed.');
      if (intent.status === 'succeeded' || intent.status === 'canceled') return unexpected(intent, 'cancel');
      if (intent.status === 'requires_capture') voided.push(intent.id);
      intent.status = 'canceled';
      return ok(intentJson(intent));
    }
    if ((m = /^\/v1\/charges\/([^/]+)$/.exec(path)) && method === 'GET') {
      const charge = charges.get(m[1]!);
      if (!charge) return fail(404, 'resource_missing', 'No such charge');
      return ok({
        id: m[1],
        object: 'charge',
        captured: charge.captured,
        payment_intent: charge.intent,
        payment_method_details: { type: 'card', card: { brand: charge.brand, last4: charge.last4 } },
      });
    }
    if (method === 'POST' && path === '/v1/refunds') {
      if (refundFailures.remaining > 0) {
        refundFailures.remaining -= 1;
        return fail(400, 'charge_already_refunded_elsewhere', 'The refund could not be made right now.');
      }
      const existing = refunds.find((r) => key && r.idempotencyKey === key);
      const refund = existing ?? { id: `re_${(n += 1)}`, paymentIntent: form.get('payment_intent') ?? '', idempotencyKey: key };
      if (!existing) refunds.push(refund);
      return ok({ id: refund.id, object: 'refund', payment_intent: refund.paymentIntent, status: 'succeeded' });
    }
    return fail(404, 'resource_missing', `Unrecognized request URL (${method}: ${path})`);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    const respond = async () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const path = (req.url ?? '').split('?')[0]!;
      const method = req.method ?? 'GET';
      calls.push(`${method} ${path}`);
      const gate = gates.find((g) => g.match.test(`${method} ${path}`));
      if (gate) gates.splice(gates.indexOf(gate), 1);
      const held = async () => {
        gate!.reached();
        await gate!.released;
      };
      if (gate && !gate.applied) await held();
      const seen: SeenRequest = {
        params: Object.fromEntries(form),
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        stripeVersion: req.headers['stripe-version'] as string | undefined,
      };
      const authorized = String(req.headers.authorization ?? '').startsWith('Bearer sk_test_');
      const { status, body } = authorized ? answer(method, path, form, seen) : fail(401, 'unauthorized', 'Invalid API key');
      if (gate?.applied) await held(); // the request took effect at Stripe; only its answer is late
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${(n += 1)}` });
      res.end(JSON.stringify(body));
    };
    // Answered asynchronously: a test's gate may hold the answer (nothing awaits a request handler).
    req.on('end', () => void respond());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const sdk = new Stripe('sk_test_double');
  const chargeFor = (intent: IntentState, card: { brand: string; last4: string }, captured: boolean) => {
    const chargeId = `ch_${(n += 1)}`;
    charges.set(chargeId, { ...card, intent: intent.id, captured });
    intent.latestCharge = chargeId;
  };
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
    creates,
    captures,
    voided,
    calls,
    failCancel,
    refundFailures,
    /**
     * Holds the next request matching `pattern` (`METHOD /path`) until `release()`; `reached` resolves when it
     * arrives. `applied`: the request takes effect at once and only its answer is held (a reply lost in transit).
     */
    gate(pattern: RegExp, opts: { applied?: boolean } = {}) {
      let reached!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      gates.push({ match: pattern, reached, released: new Promise<void>((resolve) => (release = resolve)), applied: opts.applied === true });
      return { reached: arrived, release };
    },
    /**
     * The client confirms on the Payment Element and the bank approves: a manual-capture intent is authorized
     * (requires_capture), an automatic one captured at once. Stripe refuses to confirm a canceled intent;
     * `afterCancel` stages Stripe's own race, an authorization that lands although a cancel was answered.
     */
    authorize(intentId: string, card = { brand: 'visa', last4: '4242' }, opts: { afterCancel?: boolean } = {}) {
      const intent = intents.get(intentId)!;
      if (intent.status === 'canceled' && !opts.afterCancel) throw new Error(`${intentId} is canceled: Stripe refuses to confirm it`);
      if (intent.status === 'succeeded' || intent.status === 'requires_capture') throw new Error(`${intentId} is ${intent.status} already`);
      chargeFor(intent, card, intent.captureMethod === 'automatic');
      intent.status = intent.captureMethod === 'manual' ? 'requires_capture' : 'succeeded';
      return intent;
    },
    /** Money captured without our server: by hand in the Dashboard, or an intent made before manual capture. */
    succeed(intentId: string, card = { brand: 'visa', last4: '4242' }) {
      const intent = intents.get(intentId)!;
      chargeFor(intent, card, true);
      intent.status = 'succeeded';
      return intent;
    },
    /** A webhook delivery for the intent as it is now: body and a signature header (valid unless told otherwise). */
    webhook(type: string, intentId: string, opts: { eventId?: string; timestampSeconds?: number; secret?: string } = {}) {
      const intent = intents.get(intentId)!;
      const payload = JSON.stringify({
        id: opts.eventId ?? `evt_${(n += 1)}`,
        object: 'event',
        type,
        api_version: '2026-10-28.endive',
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

export type StripeDouble = Awaited<ReturnType<typeof startStripeDouble>>;

export async function postWebhook(baseUrl: string, delivery: { payload: string; header: string }) {
  const response = await fetch(`${baseUrl}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': delivery.header },
    body: delivery.payload,
  });
  return { status: response.status, body: (await response.json()) as any };
}
