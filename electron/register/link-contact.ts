import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Channel, Client } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import { EmailSchema } from '../../shared/contract/primitives';
import { DEFAULT_STUDIO_COUNTRY } from '../../shared/domain/studio-locale';

// Where a payment link goes: the channels staff chose, with the phone (E.164, via libphonenumber-js, the studio's
// country by default) and/or email, falling back to the client's profile. Refusals are `invalid_contact` with
// details.field, before anything is written.

/** The studio's country as libphonenumber's region; one it does not know reads numbers as the default's. */
export function phoneRegion(country: string): CountryCode {
  return isSupportedCountry(country) ? country : (DEFAULT_STUDIO_COUNTRY as CountryCode);
}

const DEFAULT_PHONE_COUNTRY = phoneRegion(DEFAULT_STUDIO_COUNTRY);

export type Delivery = { channels: Channel[]; phone?: string; email?: string };

export function normalizePhone(raw: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): string {
  const parsed = parsePhoneNumberFromString(raw.trim(), country);
  // "Possible" (length and shape), as the server checks: demo and test numbers (555) are not "valid" assignments.
  if (!parsed || !parsed.isPossible()) {
    throw new AppError('invalid_contact', `"${raw.trim()}" is not a phone number that can receive a text. Check the number.`, { field: 'phone' });
  }
  return parsed.number;
}

/**
 * How staff read a phone number: national form when it shares the studio's calling code ("(555) 555-0101" at a
 * US studio, "07700 900123" at a UK one), international otherwise.
 */
export function displayPhone(e164: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === getCountryCallingCode(country) ? parsed.formatNational() : parsed.formatInternational();
}

function normalizeEmail(raw: string): string {
  const email = raw.trim();
  if (!EmailSchema.safeParse(email).success) {
    throw new AppError('invalid_contact', `"${email}" is not an email address. Check it.`, { field: 'email' });
  }
  return email;
}

/** The delivery of a new link: each chosen channel needs an address (typed, or the client's own). */
export function resolveDelivery(
  input: { channels: Channel[]; phone?: string | undefined; email?: string | undefined },
  client: Pick<Client, 'phone' | 'email'>,
  country: CountryCode = DEFAULT_PHONE_COUNTRY,
): Delivery {
  const channels = [...new Set(input.channels)];
  const delivery: Delivery = { channels };
  if (channels.includes('sms')) {
    const phone = input.phone?.trim() || client.phone;
    if (!phone) throw new AppError('invalid_contact', 'Enter a phone number to send the link by SMS.', { field: 'phone' });
    delivery.phone = normalizePhone(phone, country);
  }
  if (channels.includes('email')) {
    const email = input.email?.trim() || client.email;
    if (!email) throw new AppError('invalid_contact', 'Enter an email address to send the link by email.', { field: 'email' });
    delivery.email = normalizeEmail(email);
  }
  return delivery;
}

/** Optional corrections for a resend: only what was typed, normalized. */
export function resolveCorrections(input: { phone?: string | undefined; email?: string | undefined }, country: CountryCode = DEFAULT_PHONE_COUNTRY) {
  return {
    ...(input.phone?.trim() ? { phone: normalizePhone(input.phone, country) } : {}),
    ...(input.email?.trim() ? { email: normalizeEmail(input.email) } : {}),
  };
}
