import { sql } from 'drizzle-orm';
import type { Cart, CatalogItem } from '../../shared/contract/entities';
import { rowsOf, type Db } from '../../server/src/db/database';
import { overbookedSessionsSql } from '../../server/src/places/place-ledger';
import { api, cart, clientNamed, itemNamed, uid, type ApiAnswer, type DemoDesk } from './server-api-client';

// Payment-link helpers for server tests: create, resend, cancel, and the invoice page as a phone would use it.

export type Delivery = { channels: Array<'sms' | 'email'>; phone?: string; email?: string };

export function postLink(baseUrl: string, staffToken: string, body: unknown, key = uid('key')): Promise<ApiAnswer> {
  return api(baseUrl, 'POST', '/payment-links', { token: staffToken, body, headers: { 'Idempotency-Key': key } });
}

export function linkBody(c: Cart, delivery: Delivery = { channels: ['sms', 'email'] }) {
  return { cart: c, delivery };
}

/** A cart for Maya with one Vinyasa Flow spot (a session with room) and a pair of socks. */
export function mayaCart(desk: DemoDesk, items: CatalogItem[] = desk.items): Cart {
  const vinyasa = itemNamed(items, 'Vinyasa Flow');
  const session = vinyasa.sessions!.find((s) => s.capacity - s.booked - s.held >= 5)!;
  const socks = itemNamed(items, 'Grip Socks');
  return cart(
    [
      { itemId: vinyasa.id, quantity: 1, sessionId: session.id },
      { itemId: socks.id, quantity: 1 },
    ],
    items,
    clientNamed(desk.clients, 'Maya Chen').id,
  );
}

export function seatCart(desk: DemoDesk, seatLabel = 'R5', sessionIndex = 0, clientName = 'Maya Chen'): Cart {
  const reformer = itemNamed(desk.items, 'Reformer Pilates');
  const session = reformer.sessions![sessionIndex]!;
  const seat = session.seats!.find((s) => s.label === seatLabel)!;
  return cart([{ itemId: reformer.id, quantity: 1, sessionId: session.id, seatId: seat.id }], desk.items, clientNamed(desk.clients, clientName).id);
}

export const resend = (baseUrl: string, token: string, id: string, body: unknown = {}, key = uid('key')) =>
  api(baseUrl, 'POST', `/payment-links/${id}/resend`, { token, body, headers: { 'Idempotency-Key': key } });
export const cancel = (baseUrl: string, token: string, id: string, key = uid('key')) =>
  api(baseUrl, 'POST', `/payment-links/${id}/cancel`, { token, body: {}, headers: { 'Idempotency-Key': key } });
export const getLink = (baseUrl: string, token: string, id: string) => api(baseUrl, 'GET', `/payment-links/${id}`, { token });

export type PageAnswer = { status: number; text: string; headers: Headers };

/** The invoice page (`url` is the link's url). */
export async function openPage(url: string, headers: Record<string, string> = {}): Promise<PageAnswer> {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

export async function postForm(url: string, fields: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): Promise<PageAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

export const CARD = {
  ok: '4242 4242 4242 4242',
  threeDs: '4000 0027 6000 3184',
  declined: '4000 0000 0000 0002',
  noFunds: '4000 0000 0000 9995',
};
export const card = (cardNumber: string) => ({ cardNumber, expiry: '12/34', cvc: '123', name: 'Maya Chen' });
export const payUrl = (linkUrl: string) => `${linkUrl}/pay`;

/** Sessions whose counters disagree with holds/bookings or pass capacity (must always be none). */
export async function capacityViolations(db: Db): Promise<string[]> {
  return rowsOf<{ id: string }>(await db.execute(overbookedSessionsSql)).map((row) => row.id);
}

export async function countRows(db: Db, table: string, where = 'true'): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await db.execute(sql.raw(`select count(*)::int as n from ${table} where ${where}`)));
  return Number(row?.n ?? 0);
}
