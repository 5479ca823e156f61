import { z } from 'zod';

/**
 * Every error code any boundary (HTTP, socket, IPC) may answer with, and its HTTP status.
 * A const object plus a union type, never a TypeScript enum.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  idempotency_key_required: 400,
  unauthorized: 401,
  invalid_pin: 401,
  invalid_enrollment_code: 401,
  permission_denied: 403,
  not_found: 404,
  client_not_found: 404,
  already_paid: 409,
  total_mismatch: 409,
  link_already_active: 409,
  seat_unavailable: 409,
  capacity_unavailable: 409,
  duplicate_sale: 409,
  client_exists: 409,
  duplicate_client: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  client_required: 422,
  empty_cart: 422,
  deferred_subscription: 422,
  invalid_contact: 422,
  idempotency_key_reused: 422,
  link_not_payable: 422,
  too_many_attempts: 429,
  rate_limited: 429,
  internal_error: 500,
  // register-side codes (IPC only; never sent by the server)
  not_enrolled: 409,
  not_signed_in: 401,
  offline: 503,
  cart_locked: 409,
  cart_in_use: 409,
  link_active: 409,
  too_many_links: 409,
  server_unreachable: 503,
  /** A command kind the register has no route for in the table (a programming error, refused before it is stored). */
  unknown_command: 500,
  /** Settings closed (sign-out, a few minutes unused): an owner's or manager's PIN opens them again. */
  settings_locked: 401,
  /** Re-enrolling would strand what the outbox has not sent yet. */
  unsent_sales: 409,
  database_corrupt: 500,
  database_newer: 500,
  database_migration_failed: 500,
  database_not_writable: 500,
  database_disk_full: 507,
  database_io_error: 500,
  database_locked: 423,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const ErrorDetailsSchema = z.record(z.string(), z.unknown());

/** The body of every error answer: `{"error": {"code", "message", "details"}}`. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: ErrorDetailsSchema.optional(),
  }),
  serverTime: z.number().int().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** A failure with a code and a human sentence, thrown inside a side and turned into ErrorBody at its edge. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** zod issues as plain data for `details.issues`. */
function describeIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function invalidRequest(error: z.ZodError, what = 'The request'): AppError {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? ` (${first.path.map(String).join('.')}: ${first.message})` : '';
  return new AppError('invalid_request', `${what} is not valid${where}.`, { issues: describeIssues(error) });
}
