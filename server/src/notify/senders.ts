import type { OutgoingMessage } from './messages';

/** A failed send: `permanent` for a bad address (that channel fails), otherwise retried with backoff. */
export class SendError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'SendError';
    this.permanent = permanent;
  }
}

/** One provider per channel in NOTIFY=live; NOTIFY=outbox stores messages instead (delivery-worker.ts). */
export type MessageSender = { send(message: OutgoingMessage): Promise<{ providerMessageId: string }> };
export type LiveSenders = { sms?: MessageSender; email?: MessageSender; close?(): Promise<void> };
