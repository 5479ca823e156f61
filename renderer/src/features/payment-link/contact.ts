import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Channel, Client } from '../../../../shared/contract/entities';
import { DEFAULT_STUDIO_COUNTRY } from '../../../../shared/domain/studio-locale';
import { studioCountry } from '../../app/format';

// What staff type as the client's phone and email, checked before anything is sent. The engine and the server
// check again; this is so a typo is caught at the desk, next to the field, in words.

// `qr` sends no message: the link is created with no channels and the client at the desk scans its QR code.
export const CHANNEL_CHOICES = ['email', 'sms', 'both', 'qr'] as const;
export type ChannelChoice = (typeof CHANNEL_CHOICES)[number];

export const CHANNEL_LABEL: Record<ChannelChoice, string> = { email: 'Email', sms: 'SMS', both: 'Both', qr: 'Show QR code' };

export function channelsOf(choice: ChannelChoice): Channel[] {
  if (choice === 'qr') return [];
  return choice === 'both' ? ['sms', 'email'] : [choice];
}

export function usesPhone(choice: ChannelChoice): boolean {
  return choice === 'sms' || choice === 'both';
}

export function usesEmail(choice: ChannelChoice): boolean {
  return choice === 'email' || choice === 'both';
}

/** Both when the profile has both, else the one it has; Email when it has neither (staff type it in). */
export function defaultChoice(client: Pick<Client, 'email' | 'phone'> | null): ChannelChoice {
  if (client?.phone && client.email) return 'both';
  if (client?.phone) return 'sms';
  return 'email';
}

export type FieldCheck = { ok: true; value: string } | { ok: false; message: string };

/** The studio's country as libphonenumber's region (one it does not know reads numbers as the default's). */
function phoneRegion(country: string = studioCountry()): CountryCode {
  return isSupportedCountry(country) ? country : (DEFAULT_STUDIO_COUNTRY as CountryCode);
}

/** A phone number as staff type it ("(555) 123-4567", "07700 900123", "+44 20 …"), read in the studio's country, to E.164. */
export function checkPhone(text: string, country?: string): FieldCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter the client’s mobile number to send a text.' };
  const parsed = parsePhoneNumberFromString(trimmed, phoneRegion(country));
  // "Possible" (the right length for its country), as the server checks: test and new numbers are not refused.
  if (!parsed || !parsed.isPossible() || !/^\+[1-9]\d{6,14}$/.test(parsed.number)) {
    return { ok: false, message: 'That is not a valid phone number. Use the full number, or + and the country code.' };
  }
  return { ok: true, value: parsed.number };
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function checkEmail(text: string): FieldCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter the client’s email address.' };
  if (trimmed.length > 254 || !EMAIL_SHAPE.test(trimmed)) return { ok: false, message: 'That is not a valid email address, like name@example.com.' };
  return { ok: true, value: trimmed };
}

export type ContactDraft = { phone: string; email: string };
export type ContactErrors = Partial<Record<keyof ContactDraft, string>>;
export type CheckedContact = { ok: true; phone?: string; email?: string } | { ok: false; errors: ContactErrors };

/** Checks only the fields the chosen channels use; answers the normalized values or one message per field. */
export function checkContact(draft: ContactDraft, choice: ChannelChoice): CheckedContact {
  const errors: ContactErrors = {};
  const result: { phone?: string; email?: string } = {};
  if (usesPhone(choice)) {
    const phone = checkPhone(draft.phone);
    if (phone.ok) result.phone = phone.value;
    else errors.phone = phone.message;
  }
  if (usesEmail(choice)) {
    const email = checkEmail(draft.email);
    if (email.ok) result.email = email.value;
    else errors.email = email.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, ...result };
}

/**
 * A stored E.164 number as staff read it: national when it shares the studio's calling code ("(555) 123-0001" at a
 * US studio, "020 7946 0958" at a UK one), international otherwise ("+44 20 7946 0958" at a US studio).
 */
export function displayPhone(e164: string | undefined, country?: string): string {
  if (!e164) return '';
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === getCountryCallingCode(phoneRegion(country)) ? parsed.formatNational() : parsed.formatInternational();
}
