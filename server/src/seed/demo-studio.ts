import { createHash } from 'node:crypto';
import { count } from 'drizzle-orm';
import { ROLES, type ItemKind, type Role } from '@frontdesk/shared/contract/entities';
import { DEFAULT_ROLE_PERMISSIONS } from '@frontdesk/shared/domain/permissions';
import { dateInZone } from '@frontdesk/shared/domain/studio-time';
import { hashPin } from '../auth/pin-hash';
import { newId } from '../auth/tokens';
import type { Db } from '../db/database';
import { catalogItems, classSessions, clients, locationCounters, locations, roles, seats, slots, staff } from '../db/schema';
import { addDays, zonedTime } from '../time/zoned-time';

// The demo studio of DESIGN.md section 5. Sessions and slots are laid out from the seed-time clock: a week of
// the studio's usual timetable, plus a Vinyasa Flow starting within two hours that has exactly one spot left.

const DEMO_ENROLLMENT_CODE = 'DEMO-ENROLL';
const DEMO_TIME_ZONE = 'America/New_York';
const DAYS_AHEAD = 7;
const HOUR_MS = 3_600_000;

const DEMO_STAFF: ReadonlyArray<{ name: string; role: Role; pin: string }> = [
  { name: 'Olivia', role: 'owner', pin: '1111' },
  { name: 'Frank', role: 'front_desk', pin: '2222' },
  { name: 'Mona', role: 'manager', pin: '3333' },
  { name: 'Fiona', role: 'franchisee', pin: '4444' },
  { name: 'Tess', role: 'teacher_restricted', pin: '5555' },
  { name: 'Gus', role: 'guest', pin: '6666' },
];

const DEMO_CLIENTS = [
  { name: 'Maya Chen', email: 'maya.chen@example.com', phone: '+15555550101' },
  { name: 'Sam Rivera', email: 'sam.rivera@example.com', phone: null },
  { name: 'Alex Kim', email: null, phone: '+15555550103' },
];

type DemoItem = { key: string; kind: ItemKind; name: string; priceCents: number; description: string; chargeLater?: boolean };
const DEMO_ITEMS: DemoItem[] = [
  { key: 'vinyasa', kind: 'class', name: 'Vinyasa Flow', priceCents: 2500, description: '60-minute flowing yoga, all levels.' },
  { key: 'reformer', kind: 'class', name: 'Reformer Pilates', priceCents: 4000, description: 'Reserved reformer, 50 minutes.' },
  { key: 'private', kind: 'appointment', name: 'Private Session 60 min', priceCents: 9500, description: 'One-to-one session.' },
  { key: 'pack', kind: 'package', name: '10-Class Pack', priceCents: 20000, description: 'Ten classes, valid 6 months.' },
  {
    key: 'unlimited',
    kind: 'membership',
    name: 'Unlimited Monthly',
    priceCents: 14900,
    description: 'Unlimited classes, billed monthly.',
    chargeLater: true,
  },
  { key: 'socks', kind: 'product', name: 'Grip Socks', priceCents: 1400, description: 'Non-slip studio socks.' },
  { key: 'bottle', kind: 'product', name: 'Water Bottle', priceCents: 1800, description: 'Insulated, 750 ml.' },
];

const VINYASA_TIMES = [
  [7, 0],
  [12, 0],
  [18, 0],
] as const;
const REFORMER_TIMES = [
  [9, 0],
  [17, 30],
] as const;
const PRIVATE_TIMES = [
  [10, 0],
  [11, 0],
  [14, 0],
  [15, 0],
] as const;
/** Spots other channels booked, so the timetable looks lived in; none reaches capacity - 1. */
const VINYASA_BOOKED = [6, 11, 14, 3, 9, 16, 4, 12, 7];

/** Loads the demo studio into an empty database; does nothing (and answers false) if any location exists. */
export async function seedDemoStudio(db: Db, nowMs: number): Promise<boolean> {
  const pinHashes = await Promise.all(DEMO_STAFF.map((member) => hashPin(member.pin)));
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(locations);
    if (Number(existing?.n ?? 0) > 0) return false;
    const created = new Date(nowMs);
    const locationId = newId('loc');
    await tx.insert(locations).values({
      id: locationId,
      name: 'Demo Studio',
      widget: 'demo-studio',
      currency: 'USD',
      timeZone: DEMO_TIME_ZONE,
      locale: 'en-US',
      country: 'US',
      enrollmentCodeHash: createHash('sha256').update(DEMO_ENROLLMENT_CODE).digest('base64url'),
      createdAt: created,
    });
    await tx.insert(locationCounters).values({ locationId });
    await tx.insert(roles).values(ROLES.map((name) => ({ locationId, name, permissions: [...DEFAULT_ROLE_PERMISSIONS[name]] })));
    await tx.insert(staff).values(
      DEMO_STAFF.map((member, index) => ({
        id: newId('stf'),
        locationId,
        name: member.name,
        role: member.role,
        pinHash: pinHashes[index]!,
        createdAt: created,
      })),
    );
    await tx.insert(clients).values(DEMO_CLIENTS.map((client) => ({ id: newId('cli'), locationId, ...client, createdAt: created })));
    const itemIds = Object.fromEntries(DEMO_ITEMS.map((item) => [item.key, newId('itm')]));
    await tx.insert(catalogItems).values(
      DEMO_ITEMS.map((item, index) => ({
        id: itemIds[item.key]!,
        locationId,
        kind: item.kind,
        name: item.name,
        description: item.description,
        priceCents: item.priceCents,
        chargeLaterAllowed: item.chargeLater ?? false,
        sortOrder: index,
      })),
    );
    await tx.insert(seats).values(
      Array.from({ length: 12 }, (_, index) => ({
        id: newId('seat'),
        itemId: itemIds.reformer!,
        label: `R${index + 1}`,
        position: index + 1,
      })),
    );

    const today = dateInZone(nowMs, DEMO_TIME_ZONE);
    const lastSpotAt = Math.ceil(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS;
    const sessionRows: Array<typeof classSessions.$inferInsert> = [
      { id: newId('ses'), locationId, itemId: itemIds.vinyasa!, startsAt: new Date(lastSpotAt), durationMin: 60, capacity: 20, externalBooked: 19 },
    ];
    const slotRows: Array<typeof slots.$inferInsert> = [];
    let n = 0;
    for (let day = 0; day < DAYS_AHEAD; day += 1) {
      const date = addDays(today, day);
      for (const [hour, minute] of VINYASA_TIMES) {
        const at = zonedTime(date, hour, minute, DEMO_TIME_ZONE);
        if (at === lastSpotAt) continue;
        const externalBooked = VINYASA_BOOKED[n++ % VINYASA_BOOKED.length]!;
        sessionRows.push({ id: newId('ses'), locationId, itemId: itemIds.vinyasa!, startsAt: new Date(at), durationMin: 60, capacity: 20, externalBooked });
      }
      for (const [hour, minute] of REFORMER_TIMES) {
        const at = zonedTime(date, hour, minute, DEMO_TIME_ZONE);
        sessionRows.push({ id: newId('ses'), locationId, itemId: itemIds.reformer!, startsAt: new Date(at), durationMin: 50, capacity: 12 });
      }
      PRIVATE_TIMES.forEach(([hour, minute], index) => {
        const at = zonedTime(date, hour, minute, DEMO_TIME_ZONE);
        const staffName = index % 2 === 0 ? 'Olivia' : 'Mona';
        slotRows.push({ id: newId('slot'), locationId, itemId: itemIds.private!, startsAt: new Date(at), durationMin: 60, staffName });
      });
    }
    await tx.insert(classSessions).values(sessionRows);
    await tx.insert(slots).values(slotRows);
    return true;
  });
}
