import type { CatalogItem } from '../../shared/contract/entities';

/** A small catalog shaped like the demo studio's, for pure tests of shared rules. */
export const TODAY = '2026-11-27';
export const catalog: CatalogItem[] = [
  {
    id: 'vinyasa',
    kind: 'class',
    name: 'Vinyasa Flow',
    priceCents: 2500,
    sessions: [{ id: 'vin-1', startsAt: '2026-11-27T17:00:00.000Z', durationMin: 60, capacity: 20, booked: 19, held: 0 }],
  },
  {
    id: 'reformer',
    kind: 'class',
    name: 'Reformer Pilates',
    priceCents: 4000,
    sessions: [
      {
        id: 'ref-1',
        startsAt: '2026-11-27T18:00:00.000Z',
        durationMin: 50,
        capacity: 2,
        booked: 0,
        held: 0,
        seats: [
          { id: 'R1', label: 'R1', state: 'free' },
          { id: 'R2', label: 'R2', state: 'booked' },
        ],
      },
    ],
  },
  {
    id: 'private',
    kind: 'appointment',
    name: 'Private Session 60 min',
    priceCents: 9000,
    slots: [{ id: 'slot-1', startsAt: '2026-11-27T15:00:00.000Z', durationMin: 60, staffName: 'Olivia', state: 'free' }],
  },
  { id: 'pack', kind: 'package', name: '10-Class Pack', priceCents: 20000 },
  { id: 'monthly', kind: 'membership', name: 'Unlimited Monthly', priceCents: 15000, membership: { chargeLaterAllowed: true } },
  { id: 'socks', kind: 'product', name: 'Grip Socks', priceCents: 1400 },
];
