import type { CatalogItem, Client, Staff } from '../../../shared/contract/entities';

// A demo-like studio for developing the UI and unit-testing the bridge, without the real engine.

/** Hours behind UTC in New York on that day (5 in winter, 4 in summer), so fake classes sit at studio hours. */
const newYorkOffset = (day: Date): number => {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'shortOffset' })
    .formatToParts(day)
    .find((p) => p.type === 'timeZoneName')?.value;
  return -Number((name ?? 'GMT-5').replace('GMT', '') || 0);
};

/** An ISO time `dayOffset` days from now at hour:minute in the studio's zone (America/New_York). */
const at = (dayOffset: number, hour: number, minute = 0): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + dayOffset);
  d.setUTCHours(hour + newYorkOffset(d), minute, 0, 0);
  return d.toISOString();
};

const seats = (taken: Record<string, 'held' | 'booked'>) =>
  Array.from({ length: 12 }, (_, i) => ({ id: `seat-r${i + 1}`, label: `R${i + 1}`, state: taken[`R${i + 1}`] ?? ('free' as const) }));

export function fakeCatalog(): CatalogItem[] {
  return [
    {
      id: 'item-vinyasa',
      kind: 'class',
      name: 'Vinyasa Flow',
      priceCents: 2200,
      sessions: [
        { id: 'ses-vin-1', startsAt: at(0, 18), durationMin: 60, capacity: 20, booked: 19, held: 0 },
        { id: 'ses-vin-2', startsAt: at(0, 20), durationMin: 60, capacity: 20, booked: 20, held: 0 },
        { id: 'ses-vin-3', startsAt: at(1, 7), durationMin: 60, capacity: 20, booked: 4, held: 1 },
      ],
    },
    {
      id: 'item-reformer',
      kind: 'class',
      name: 'Reformer Pilates',
      priceCents: 3500,
      sessions: [
        {
          id: 'ses-ref-1',
          startsAt: at(0, 17, 30),
          durationMin: 50,
          capacity: 12,
          booked: 2,
          held: 1,
          seats: seats({ R2: 'booked', R5: 'booked', R7: 'held' }),
        },
        { id: 'ses-ref-2', startsAt: at(1, 9), durationMin: 50, capacity: 12, booked: 0, held: 0, seats: seats({}) },
      ],
    },
    {
      id: 'item-private',
      kind: 'appointment',
      name: 'Private Session 60 min',
      priceCents: 9000,
      slots: [
        { id: 'slot-1', startsAt: at(0, 15), durationMin: 60, staffName: 'Olivia', state: 'booked' },
        { id: 'slot-2', startsAt: at(0, 16), durationMin: 60, staffName: 'Olivia', state: 'free' },
        { id: 'slot-3', startsAt: at(1, 10), durationMin: 60, staffName: 'Mona', state: 'free' },
        { id: 'slot-4', startsAt: at(1, 11), durationMin: 60, staffName: 'Mona', state: 'held' },
      ],
    },
    { id: 'item-pack10', kind: 'package', name: '10-Class Pack', priceCents: 18000, description: 'Ten classes of any kind, valid for six months.' },
    { id: 'item-unlimited', kind: 'membership', name: 'Unlimited Monthly', priceCents: 14900, membership: { chargeLaterAllowed: true } },
    { id: 'item-socks', kind: 'product', name: 'Grip Socks', priceCents: 1200 },
    { id: 'item-bottle', kind: 'product', name: 'Water Bottle', priceCents: 1800 },
  ];
}

export const FAKE_CLIENTS: Client[] = [
  { id: 'cli-maya', name: 'Maya Chen', email: 'maya@example.com', phone: '+15551230001' },
  { id: 'cli-sam', name: 'Sam Rivera', email: 'sam@example.com' },
  { id: 'cli-alex', name: 'Alex Kim', phone: '+15551230003' },
];

export const FAKE_STAFF: Record<string, Staff> = {
  '1111': { id: 'stf-olivia', name: 'Olivia', role: 'owner', permissions: ['send_payment_link', 'take_payment', 'view_sales'] },
  '2222': { id: 'stf-frank', name: 'Frank', role: 'front_desk', permissions: ['send_payment_link', 'take_payment', 'view_sales'] },
  '5555': { id: 'stf-tess', name: 'Tess', role: 'teacher_restricted', permissions: ['take_payment'] },
};
