import { z } from 'zod';

// `npm run start:browser` settings, validated at start with a clear message.
const CliEnvSchema = z.object({
  SERVER_URL: z.url({ protocol: /^https?$/ }).optional(),
  HOST_PORT: z.coerce.number().int().min(0).max(65535).default(4500),
  FRONTDESK_DATA_DIR: z.string().min(1).default('./.frontdesk/register'),
  SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(4400),
  /** 1: a damaged data file is set aside and the register starts from its newest good backup (db-recovery.ts). */
  FRONTDESK_START_FROM_BACKUP: z.enum(['0', '1']).default('0'),
});
export type CliEnv = z.infer<typeof CliEnvSchema>;

export function readCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  const picked = Object.fromEntries(Object.keys(CliEnvSchema.shape).flatMap((key) => (env[key] !== undefined && env[key] !== '' ? [[key, env[key]]] : [])));
  const parsed = CliEnvSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`The environment is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
