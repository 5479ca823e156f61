import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pino, type BaseLogger, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

// The server's log: pino, one JSON object a line. Anything that could grant access or identify a card is
// censored by path wherever it appears in a logged object (headers, bodies, command inputs), so a careless
// `log.info({ request })` cannot leak it.

/** Paths censored in every log record (one level of nesting below any key is covered by the `*.` forms). */
const REDACTED_PATHS: readonly string[] = [
  'authorization',
  'cookie',
  'token',
  'pin',
  'cardNumber',
  'number',
  'cvc',
  'expiry',
  'clientSecret',
  'idempotencyKey',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["stripe-signature"]',
  'headers["idempotency-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.pin',
  '*.cardNumber',
  '*.number',
  '*.cvc',
  '*.expiry',
  '*.clientSecret',
  '*.idempotencyKey',
  '*.headers.authorization',
  '*.headers.cookie',
];

export type LoggerOptions = {
  /** Where the JSON lines go (default: standard output). */
  destination?: DestinationStream;
  level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
};

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    },
    options.destination,
  );
}

/**
 * A destination that hands each record's message to a line callback: for hosts that collect lines (tests, the
 * embedded demo server) rather than JSON.
 */
export function lineDestination(write: (line: string) => void): DestinationStream {
  return {
    write(json: string) {
      try {
        const record = JSON.parse(json) as { msg?: unknown };
        if (typeof record.msg === 'string' && record.msg !== '') write(record.msg);
      } catch {
        write(json.trimEnd());
      }
    },
  };
}

/** A client's X-Request-Id is kept when it is a short token of safe characters; anything else gets a fresh id. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

export function requestId(req: IncomingMessage): string {
  const offered = req.headers[REQUEST_ID_HEADER];
  if (typeof offered === 'string' && CLIENT_REQUEST_ID.test(offered)) return offered;
  return `req_${randomBytes(9).toString('base64url')}`;
}

/** The logger a request's work writes to: pino's child of the request, carrying its `reqId`. */
export type RequestLog = Pick<BaseLogger, 'info' | 'warn' | 'error' | 'debug'>;
