import { z } from 'zod';
import { RecoveryItemSchema } from '../../shared/contract/recovery';

// The salvage list as the register keeps it (meta key `recovery`): what staff see, plus, for what can be sent
// again, the sale row and the outbox command exactly as the damaged file held them.

const SaleRowSchema = z.object({
  id: z.string(),
  receiptNumber: z.string(),
  date: z.string(),
  createdAt: z.number(),
  totalCents: z.number().int(),
  saleJson: z.string(),
});
const CommandRowSchema = z.object({
  id: z.string(),
  kind: z.string(),
  subjectId: z.string().nullable(),
  idempotencyKey: z.string(),
  method: z.literal('POST'),
  path: z.string(),
  bodyJson: z.string(),
  staffId: z.string().nullable(),
  createdAt: z.number(),
});

export const StoredRecoverySchema = z.object({
  damagedFile: z.string(),
  backupFile: z.string(),
  backupTakenAt: z.number(),
  recoveredAt: z.number(),
  entries: z.array(z.object({ item: RecoveryItemSchema, sale: SaleRowSchema.optional(), command: CommandRowSchema.optional() })),
});
export type StoredRecovery = z.infer<typeof StoredRecoverySchema>;
export type RecoveryEntry = StoredRecovery['entries'][number];
