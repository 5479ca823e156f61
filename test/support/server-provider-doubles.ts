import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// Local stand-ins for the outside world in server tests: an SMTP server (smtp-server), Twilio's Messages endpoint,
// and a TCP proxy that loses answers.

type ReceivedMail = { to: string[]; raw: string };

export async function startSmtpDouble(options: { rejectRecipients?: string[] } = {}) {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address)) {
        return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type ReceivedSms = { to: string; from: string; body: string; accountSid: string };

/**
 * Twilio's `POST /2010-04-01/Accounts/{sid}/Messages.json`: `+15005550001` is refused as an invalid number (400,
 * code 21211, as Twilio's own magic test number), and the first `failFirst` requests answer 503.
 */
export async function startTwilioDouble(options: { failFirst?: number } = {}) {
  const messages: ReceivedSms[] = [];
  let failures = options.failFirst ?? 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests += 1;
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !match) return json(404, { code: 20404, message: 'Not found', status: 404 });
      if (!req.headers.authorization?.startsWith('Basic ')) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
      if (failures > 0) {
        failures -= 1;
        return json(503, { code: 20503, message: 'Service unavailable', status: 503 });
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To') ?? '';
      if (to === '+15005550001') return json(400, { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number.", status: 400 });
      messages.push({ to, from: form.get('From') ?? '', body: form.get('Body') ?? '', accountSid: match[1]! });
      json(201, {
        sid: `SM${messages.length.toString().padStart(32, '0')}`,
        status: 'queued',
        to,
        from: form.get('From'),
        body: form.get('Body'),
        account_sid: match[1],
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    messages,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP proxy that forwards requests but drops every answer: the request is handled, the client never hears. */
export async function startAnswerDroppingProxy(targetPort: number) {
  const server = createTcpServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    client.pipe(upstream);
    upstream.on('data', () => client.destroy()); // the answer started: lose it
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
