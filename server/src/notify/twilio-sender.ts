import twilio from 'twilio';
import type { MessageSender } from './senders';
import { SendError } from './senders';

export type TwilioOptions = { accountSid: string; authToken: string; from: string; /** tests: a local double of api.twilio.com */ baseUrl?: string };

/** SMS through the twilio SDK. Twilio's 4xx answers about the number (21211 invalid 'To', 21614 …) fail the channel. */
export function createTwilioSender(options: TwilioOptions): MessageSender {
  const httpClient = new twilio.RequestClient({ timeout: 10_000 });
  if (options.baseUrl) {
    const base = options.baseUrl.replace(/\/+$/, '');
    const request = httpClient.request.bind(httpClient);
    httpClient.request = ((opts: Parameters<typeof request>[0]) =>
      request({ ...opts, uri: opts.uri.replace(/^https:\/\/[^/]+/, base) })) as typeof httpClient.request;
  }
  const client = twilio(options.accountSid, options.authToken, { httpClient });
  return {
    async send(message) {
      try {
        const sent = await client.messages.create({ to: message.to, from: options.from, body: message.text });
        return { providerMessageId: sent.sid };
      } catch (error) {
        const status = (error as { status?: number }).status;
        const text = (error as Error).message || 'SMS provider error';
        throw new SendError(text, status !== undefined && status >= 400 && status < 500 && status !== 429);
      }
    },
  };
}
