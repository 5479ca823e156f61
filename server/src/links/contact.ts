import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Channel } from '@frontdesk/shared/contract/entities';
import { AppError } from '@frontdesk/shared/contract/errors';
import { E164Schema, EmailSchema } from '@frontdesk/shared/contract/primitives';

export type Contact = { phone: string | null; email: string | null };

const invalid = (field: 'phone' | 'email', message: string) => new AppError('invalid_contact', message, { field });

/** A phone number in E.164 form (+15551234567) that libphonenumber finds possible; anything else is refused. */
function checkPhone(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone);
  if (!E164Schema.safeParse(phone).success || !parsed || !parsed.isPossible() || parsed.number !== phone) {
    throw invalid('phone', 'The phone number must be in international E.164 form, like +15551234567.');
  }
  return phone;
}

function checkEmail(email: string): string {
  if (!EmailSchema.safeParse(email).success) throw invalid('email', 'The email address is not valid.');
  return email;
}

/**
 * The addresses a link is sent to: what the request gives, else the client's profile. Every chosen channel needs
 * a valid address (invalid_contact with details.field). No channels (a link only shown as a QR code) needs none.
 */
export function resolveContact(
  channels: readonly Channel[],
  given: { phone?: string; email?: string },
  client: { phone: string | null; email: string | null },
): Contact {
  const phone = given.phone?.trim() || client.phone;
  const email = given.email?.trim() || client.email;
  if (given.phone !== undefined || channels.includes('sms')) {
    if (!phone) throw invalid('phone', 'This client has no phone number: add one to send the link by SMS.');
    checkPhone(phone);
  }
  if (given.email !== undefined || channels.includes('email')) {
    if (!email) throw invalid('email', 'This client has no email address: add one to send the link by email.');
    checkEmail(email);
  }
  return { phone, email };
}
