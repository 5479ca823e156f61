import type { PricedLine } from '@frontdesk/shared/contract/entities';
import type { StudioClock } from '@frontdesk/shared/domain/studio-format';
import { linkEmail, receiptEmail } from './email-text';
import { linkSms, receiptSms } from './sms-text';

/** A message as it goes out (or into the dev outbox). */
export type OutgoingMessage = { channel: 'sms' | 'email'; to: string; subject?: string; text: string; html?: string };

/** The studio a message speaks for: its name, and the locale and clock its money and times are written in. */
type MessageStudio = StudioClock & { name: string };

type CommonFacts = {
  channel: 'sms' | 'email';
  to: string;
  studio: MessageStudio;
  clientName: string;
  lines: readonly PricedLine[];
  totalCents: number;
  currency: string;
};

/** A payment link to pay by `expiresAtMs`. */
export type LinkMessageFacts = CommonFacts & { kind: 'link'; url: string; expiresAtMs: number };

/** What a paid link's client gets: the receipt, with the page that shows it again. */
export type ReceiptMessageFacts = CommonFacts & {
  kind: 'receipt';
  receiptNumber: string;
  receiptUrl: string;
  paidAtMs: number;
  card?: { brand: string | null; last4: string } | undefined;
};

export type MessageFacts = LinkMessageFacts | ReceiptMessageFacts;

/** The words of each message: an SMS that fits one segment where it can, an email in text and HTML. */
export function composeMessage(facts: MessageFacts): OutgoingMessage {
  if (facts.channel === 'sms') {
    return { channel: 'sms', to: facts.to, text: facts.kind === 'link' ? linkSms(facts) : receiptSms(facts) };
  }
  return { channel: 'email', to: facts.to, ...(facts.kind === 'link' ? linkEmail(facts) : receiptEmail(facts)) };
}
