import { z } from 'zod';
import { CentsSchema } from './primitives';

// What a register salvaged from a damaged data file after starting from its newest backup: the sales and commands
// that were in the damaged file, not in the backup and not known to have reached the server. Kept in the new
// database and shown until staff dismiss each one (recovery.* in ipc.ts).

export const RecoveryItemSchema = z.object({
  id: z.string(),
  kind: z.enum(['sale', 'command', 'unreadable']),
  /** What it is and what to do, for staff. */
  sentence: z.string(),
  receiptNumber: z.string().optional(),
  totalCents: CentsSchema.optional(),
  currency: z.string().optional(),
  createdAt: z.number().optional(),
  /** Whether the register can send it again as it was (the same id and idempotency key: the server keeps one). */
  resendable: z.boolean(),
  state: z.enum(['unsent', 'resent', 'on_server']),
});
export type RecoveryItem = z.infer<typeof RecoveryItemSchema>;

export const RecoveryViewSchema = z
  .object({
    damagedFile: z.string(),
    backupFile: z.string(),
    backupTakenAt: z.number(),
    recoveredAt: z.number(),
    items: z.array(RecoveryItemSchema),
  })
  .nullable();
export type RecoveryView = z.infer<typeof RecoveryViewSchema>;
