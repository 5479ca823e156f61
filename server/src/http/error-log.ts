import { pgErrorCode } from '../db/database';

// What a log line may say about a request and its failure. An invoice id, a receipt id or a token grants access,
// and database errors quote their query's parameters ("params: …"), so lines carry the route pattern (never the
// raw path or query) and an error's name, code and stack frames, with its message cut before any parameters and
// any long URL-safe run (an id, a token) masked.

const ACCESS_LIKE = /[A-Za-z0-9_-]{16,}/g;
const MAX_MESSAGE = 200;

/** The route pattern of a matched request; an unmatched one shows no path at all (it may be a mistyped invoice URL). */
export const loggedRoute = (pattern: string | undefined): string => pattern ?? '(no route)';

function safeMessage(message: string): string {
  const cut = message.split(/\n|params:|Failed query:/)[0]!.trim();
  return cut.replace(ACCESS_LIKE, '…').slice(0, MAX_MESSAGE);
}

/** One line for an internal error: `error GET /:widget/i/:id: TypeError (code 22P02): message ↵ at frames`. */
export function internalErrorLine(method: string, pattern: string | undefined, error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const code = pgErrorCode(error);
  const message = error instanceof Error ? safeMessage(error.message) : '';
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')) : [];
  const head = `error ${method} ${loggedRoute(pattern)}: ${name}${code ? ` (code ${code})` : ''}${message ? `: ${message}` : ''}`;
  return [head, ...frames.slice(0, 12).map((frame) => frame.replace(ACCESS_LIKE, '…'))].join('\n');
}
