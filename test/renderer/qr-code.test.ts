import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPath } from '../../renderer/src/components/QrCode';
import { channelsOf, checkContact, usesEmail, usesPhone } from '../../renderer/src/features/payment-link/contact';
import { isQrOnly } from '../../renderer/src/features/payment-link/link-state';

describe('the QR code of a payment link', () => {
  const url = 'https://pay.example.com/demo-studio/i/3zVlbwe0c-Au7If1WCHCCvg_';

  it('draws exactly the dark modules of the code, inside a 4-module quiet zone', () => {
    const { modules } = create(url, { errorCorrectionLevel: 'M' });
    const { side, d } = qrPath(url);
    expect(side).toBe(modules.size + 8);
    // Paint the path's rectangles back onto a grid and compare with the encoder's matrix.
    const painted = new Set<string>();
    for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      for (let i = 0; i < Number(w); i++) painted.add(`${Number(y) - 4},${Number(x) - 4 + i}`);
    }
    let dark = 0;
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col)) dark++;
        expect(painted.has(`${row},${col}`)).toBe(!!modules.get(row, col));
      }
    }
    expect(painted.size).toBe(dark);
  });

  it('is the same drawing for the same link', () => {
    expect(qrPath(url)).toEqual(qrPath(url));
    expect(qrPath(url).d).not.toBe(qrPath(`${url}x`).d);
  });
});

describe('"Show QR code" as the way the client gets the link', () => {
  it('sends on no channel and asks for no contact', () => {
    expect(channelsOf('qr')).toEqual([]);
    expect([usesPhone('qr'), usesEmail('qr')]).toEqual([false, false]);
    expect(checkContact({ phone: '', email: '' }, 'qr')).toEqual({ ok: true });
  });

  it('a link the server created with no delivery is QR-only; one still being created is not known to be', () => {
    expect(isQrOnly({ id: 'lnk_1', deliveries: [] })).toBe(true);
    expect(isQrOnly({ id: null, deliveries: [] })).toBe(false);
    expect(isQrOnly({ id: 'lnk_1', deliveries: [{ channel: 'email', to: 'a@b.co', status: 'queued' }] })).toBe(false);
  });
});
