import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MessageSender } from './senders';
import { SendError } from './senders';

/**
 * Timeouts well inside the delivery worker's claim lease (60 s, also renewed while sending): a slow server makes
 * a retry, never a second claim of a send that is still going on.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** Email over SMTP with nodemailer. A 5xx answer about the recipient fails the channel; anything else is retried. */
export function createSmtpSender(options: { url: string; from: string }): MessageSender & { close(): void } {
  const transport = nodemailer.createTransport({ url: options.url, ...SMTP_TIMEOUTS } satisfies SMTPTransport.Options);
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
        return { providerMessageId: info.messageId ?? '' };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        throw new SendError((error as Error).message || 'SMTP error', code !== undefined && code >= 500);
      }
    },
    close: () => transport.close(),
  };
}
