import { randomBytes } from 'node:crypto';
import type { CatalogItem, Cart, CartLine } from '../../shared/contract/entities';

// A small typed-enough HTTP client for server tests (real fetch over loopback).

export type ApiAnswer = { status: number; text: string; body: any; headers: Headers };

export async function api(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; contentType?: string; headers?: Record<string, string>; noRetry?: boolean } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  // A request that may be repeated (GET, or a POST with an Idempotency-Key) is retried once when the connection
  // drops before an answer (a loaded CI machine): the server's idempotency makes the retry safe.
  const repeatable = method === 'GET' || Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key');
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body });
  } catch (error) {
    if (!repeatable || opts.noRetry) throw error;
    response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, text, body: parsed, headers: response.headers };
}

export const uid = (prefix = 'id') => `${prefix}_${randomBytes(8).toString('hex')}`;

export async function enroll(baseUrl: string, name = 'Front desk'): Promise<{ token: string; register: any }> {
  const answer = await api(baseUrl, 'POST', '/registers/enroll', { body: { code: 'DEMO-ENROLL', name } });
  if (answer.status !== 201) throw new Error(`enroll failed: ${answer.status} ${answer.text}`);
  return answer.body;
}

export async function signIn(baseUrl: string, registerToken: string, pin: string): Promise<string> {
  const answer = await api(baseUrl, 'POST', '/sessions', { token: registerToken, body: { pin } });
  if (answer.status !== 201) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
  return answer.body.token;
}

export type DemoDesk = { registerToken: string; register: any; frank: string; items: CatalogItem[]; clients: any[] };

/** Enrolls a register, signs Frank in, and reads the catalog and clients. */
export async function demoDesk(baseUrl: string): Promise<DemoDesk> {
  const { token, register } = await enroll(baseUrl);
  const frank = await signIn(baseUrl, token, '2222');
  const boot = await api(baseUrl, 'GET', '/bootstrap', { token });
  return { registerToken: token, register, frank, items: boot.body.items, clients: boot.body.clients };
}

export function itemNamed(items: CatalogItem[], name: string): CatalogItem {
  const item = items.find((i) => i.name === name);
  if (!item) throw new Error(`no catalog item ${name}`);
  return item;
}

export function clientNamed(clients: any[], name: string): { id: string; name: string } {
  const client = clients.find((c) => c.name === name);
  if (!client) throw new Error(`no client ${name}`);
  return client;
}

/** The Vinyasa Flow session that the demo seeds with exactly one spot left. */
export function lastSpotSession(items: CatalogItem[]) {
  const sessions = itemNamed(items, 'Vinyasa Flow').sessions ?? [];
  const found = sessions.filter((s) => s.capacity - s.booked - s.held === 1);
  if (found.length !== 1) throw new Error(`expected one last-spot session, found ${found.length}`);
  return found[0]!;
}

export function cart(lines: Array<Omit<CartLine, 'id'>>, items: CatalogItem[], clientId: string | null = null): Cart {
  const priceOf = (line: Omit<CartLine, 'id'>) => {
    const item = items.find((i) => i.id === line.itemId)!;
    return line.chargeLater ? 0 : item.priceCents * line.quantity;
  };
  return {
    id: uid('cart'),
    clientId,
    lines: lines.map((line) => ({ id: uid('line'), ...line })),
    totalCents: lines.reduce((sum, line) => sum + priceOf(line), 0),
  };
}

export function cashSale(c: Cart, extra: Record<string, unknown> = {}) {
  return { id: uid('sale'), cart: c, payments: [{ method: 'cash', amountCents: c.totalCents }], ...extra };
}

export function postSale(baseUrl: string, staffToken: string, body: unknown, key = uid('key')) {
  return api(baseUrl, 'POST', '/sales', { token: staffToken, body, headers: { 'Idempotency-Key': key } });
}
