import { describe, expect, it } from 'vitest';
import { judgeQuietMoment } from '../../electron/register/quiet-moment';
import type { LinkPhase, RegisterSnapshot } from '../../shared/contract/register-view';

// When an update may restart the app: never while a payment link may still be paid, a sale is being rung up, or the
// outbox holds what the server has not got yet.

const emptyOutbox = { pending: 0, waiting: { cashSales: 0, cardSales: 0, links: 0, resends: 0, cancels: 0 } };
const quietParts = { activeLink: null, links: [], cart: { lines: [], locked: false }, outbox: emptyOutbox, changeDueCents: null };
const snapshotWith = (parts: Record<string, unknown>) => ({ ...quietParts, ...parts }) as unknown as RegisterSnapshot;
const link = (phase: LinkPhase) => ({ localId: `L-${phase}`, phase }) as RegisterSnapshot['links'][number];
const codes = (snapshot: RegisterSnapshot) => {
  const verdict = judgeQuietMoment(snapshot);
  return verdict.quiet ? [] : verdict.reasons.map((reason) => reason.code);
};

describe('the quiet moment for an update', () => {
  it('is quiet with no link, an empty cart and nothing waiting to be sent (also before enrollment)', () => {
    expect(judgeQuietMoment(snapshotWith({}))).toEqual({ quiet: true });
    expect(judgeQuietMoment(snapshotWith({ cart: null }))).toEqual({ quiet: true });
  });

  it('is not quiet while a link on screen or parked in the tray may still be paid or is not confirmed canceled', () => {
    for (const phase of ['sending', 'waiting', 'resending', 'cancel_queued'] as const) {
      expect(codes(snapshotWith({ activeLink: link(phase) }))).toEqual(['link_pending']);
      expect(codes(snapshotWith({ links: [link('paid'), link(phase)] }))).toEqual(['link_pending']);
    }
    const two = judgeQuietMoment(snapshotWith({ activeLink: link('waiting'), links: [link('sending')] }));
    expect(two).toEqual({ quiet: false, reasons: [{ code: 'link_pending', message: '2 payment links are still open.' }] });
  });

  it('is quiet once every link has ended, whichever way', () => {
    for (const phase of ['given_up', 'paid', 'expired', 'canceled', 'unknown', 'refused'] as const) {
      expect(codes(snapshotWith({ activeLink: link(phase), links: [link(phase)] }))).toEqual([]);
    }
  });

  it('is not quiet while a sale is in progress: lines in the cart, a locked cart, or change to hand back', () => {
    expect(codes(snapshotWith({ cart: { lines: [{}], locked: false } }))).toEqual(['sale_in_progress']);
    expect(codes(snapshotWith({ cart: { lines: [], locked: true } }))).toEqual(['sale_in_progress']);
    expect(codes(snapshotWith({ changeDueCents: 250 }))).toEqual(['sale_in_progress']);
  });

  it('is not quiet while the outbox holds unsent sales or other commands, and says which', () => {
    const sales = judgeQuietMoment(snapshotWith({ outbox: { pending: 2, waiting: { ...emptyOutbox.waiting, cashSales: 1, cardSales: 1 } } }));
    expect(sales).toEqual({ quiet: false, reasons: [{ code: 'outbox_unsent', message: '2 sales have not reached the server yet.' }] });
    const cancel = judgeQuietMoment(snapshotWith({ outbox: { pending: 1, waiting: { ...emptyOutbox.waiting, cancels: 1 } } }));
    expect(cancel).toEqual({ quiet: false, reasons: [{ code: 'outbox_unsent', message: 'Changes have not reached the server yet.' }] });
  });

  it('gives every reason at once', () => {
    const busy = snapshotWith({
      activeLink: link('waiting'),
      cart: { lines: [{}], locked: true },
      outbox: { pending: 1, waiting: { ...emptyOutbox.waiting, cashSales: 1 } },
    });
    expect(codes(busy)).toEqual(['link_pending', 'sale_in_progress', 'outbox_unsent']);
  });
});
