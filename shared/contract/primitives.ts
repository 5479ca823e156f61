import { z } from 'zod';

/** Ids are opaque URL-safe strings (ULIDs for register-made ids, random for server-made ones). */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be URL-safe letters, digits, _ or -');
/** Money is integer minor units (cents), never floats. */
export const CentsSchema = z.number().int().min(0).max(100_000_000);
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/);
/** Timestamps on the wire are ISO-8601 strings in UTC; `serverTime` is ms since epoch. */
export const IsoTimeSchema = z.iso.datetime({ offset: true });
export const DateOnlySchema = z.iso.date();
/** Names are shown to people: plain text, no control characters, trimmed. */
export const NameSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  // Control characters (NUL, line breaks) are exactly what this refuses.
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f<>]*$/, 'must be plain text without < or >');
export const E164Schema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 form, like +15551234567');
export const EmailSchema = z.email().max(254);
export const PinSchema = z.string().regex(/^\d{4,6}$/, 'must be 4 to 6 digits');
export const SeqSchema = z.number().int().min(0);
export const ServerTimeSchema = z.number().int().positive();
