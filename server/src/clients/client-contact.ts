import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { AppError } from '@frontdesk/shared/contract/errors';
import { E164Schema, EmailSchema } from '@frontdesk/shared/contract/primitives';
import { DEFAULT_STUDIO_COUNTRY } from '@frontdesk/shared/domain/studio-locale';

// A client's phone and email as staff type them at the desk, made into what the profile keeps: the phone in E.164
// (national numbers read in the studio's country, as the register reads them), the email trimmed.
// Bad input is invalid_request with details.field and a sentence, before anything is read or written.

/** The studio's country as libphonenumber's region; one it does not know reads numbers as the default's. */
function phoneRegion(country: string): CountryCode {
  return isSupportedCountry(country) ? country : (DEFAULT_STUDIO_COUNTRY as CountryCode);
}

function invalidField(field: 'phone' | 'email', message: string): AppError {
  return new AppError('invalid_request', message, { field });
}

function normalizeClientPhone(raw: string, country: string): string {
  const parsed = parsePhoneNumberFromString(raw.trim(), phoneRegion(country));
  // "Possible" (the right length for its country), as link deliveries check: demo and test numbers (555) pass.
  if (!parsed || !parsed.isPossible() || !E164Schema.safeParse(parsed.number).success) {
    throw invalidField('phone', `"${raw.trim()}" is not a phone number. Use the full number, or + and the country code.`);
  }
  return parsed.number;
}

function normalizeClientEmail(raw: string): string {
  const email = raw.trim();
  if (!EmailSchema.safeParse(email).success) throw invalidField('email', `"${email}" is not an email address, like name@example.com.`);
  return email;
}

/** The contact given (each part optional), normalized, phones read in the studio's `country`; undefined parts stay undefined. */
export function normalizeContact(given: { phone?: string | undefined; email?: string | undefined }, country: string): { phone?: string; email?: string } {
  return {
    ...(given.phone !== undefined ? { phone: normalizeClientPhone(given.phone, country) } : {}),
    ...(given.email !== undefined ? { email: normalizeClientEmail(given.email) } : {}),
  };
}
