import { describe, expect, it } from 'vitest';
import { displayPhone, phoneRegion, resolveCorrections, resolveDelivery } from '../../electron/register/link-contact';
import { normalizeContact } from '../../server/src/clients/client-contact';

// A phone typed without + is read in the studio's country, at the register and on the server alike.

describe("the studio's country as the default phone region", () => {
  it('the register reads a UK studio’s national numbers as UK ones and shows them nationally', () => {
    const gb = phoneRegion('GB');
    expect(resolveDelivery({ channels: ['sms'], phone: '07700 900123' }, {}, gb)).toEqual({ channels: ['sms'], phone: '+447700900123' });
    expect(resolveCorrections({ phone: '020 7946 0958' }, gb)).toEqual({ phone: '+442079460958' });
    expect(displayPhone('+447700900123', gb)).toBe('07700 900123');
    expect(displayPhone('+15555550101', gb)).toBe('+1 555 555 0101');
    expect(displayPhone('+15555550101', phoneRegion('US'))).toBe('(555) 555-0101');
    expect(resolveDelivery({ channels: ['sms'], phone: '(555) 555-0101' }, {}, phoneRegion('US')).phone).toBe('+15555550101');
    expect(phoneRegion('XX')).toBe('US');
  });

  it('the server reads a new client’s phone in the studio’s country', () => {
    expect(normalizeContact({ phone: '07700 900123' }, 'GB')).toEqual({ phone: '+447700900123' });
    expect(normalizeContact({ phone: '(555) 555-0199' }, 'US')).toEqual({ phone: '+15555550199' });
    expect(() => normalizeContact({ phone: '12' }, 'GB')).toThrow(/not a phone number/);
  });
});
