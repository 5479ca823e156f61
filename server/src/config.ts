import { z } from 'zod';

// The server's settings, read from the environment (DESIGN.md section 5) and validated before anything starts.

const optionalText = z.string().min(1).optional();

const ServerEnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4400),
    HOST: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address')
      .default('127.0.0.1'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATA_DIR: z.string().min(1).default('./.frontdesk/server'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    SEED: z.enum(['demo', 'none']).default('none'),
    LINK_TTL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(900),
    PAYMENTS: z.enum(['sandbox', 'stripe']).default('sandbox'),
    STRIPE_SECRET_KEY: optionalText,
    STRIPE_WEBHOOK_SECRET: optionalText,
    STRIPE_PUBLISHABLE_KEY: optionalText,
    NOTIFY: z.enum(['outbox', 'live']).default('outbox'),
    TWILIO_ACCOUNT_SID: optionalText,
    TWILIO_AUTH_TOKEN: optionalText,
    TWILIO_FROM: optionalText,
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: optionalText,
    // Off unless set: believing X-Forwarded-For without a proxy in front would let any client pick its address.
    TRUST_PROXY: z
      .string()
      .regex(/^(false|off|[0-9]|10)$/, 'must be the number of proxies in front of the server that append to X-Forwarded-For (1 to 10), or false')
      .transform((value) => (value === 'false' || value === 'off' ? 0 : Number(value)))
      .default(0),
  })
  .superRefine((env, ctx) => {
    if (env.PAYMENTS === 'stripe') {
      for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_PUBLISHABLE_KEY'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when PAYMENTS=stripe' });
      }
    }
    if (env.NOTIFY === 'live') {
      const sms = env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM;
      const email = env.SMTP_URL && env.MAIL_FROM;
      if (!sms && !email) {
        ctx.addIssue({
          code: 'custom',
          path: ['NOTIFY'],
          message: 'is live, which needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM, or SMTP_URL and MAIL_FROM',
        });
      }
    }
  });

type ServerConfig = {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  seed: 'demo' | 'none';
  linkTtlSeconds: number;
  payments: 'sandbox' | 'stripe';
  notify: 'outbox' | 'live';
  stripe: { secretKey?: string; webhookSecret?: string; publishableKey?: string };
  twilio: { accountSid?: string; authToken?: string; from?: string };
  smtp: { url?: string; mailFrom?: string };
  /** Proxies in front of the node whose X-Forwarded-For entries are believed (0 = none). */
  trustProxyHops: number;
};

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; message: string };

const SECRET_NAMES = new Set(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'TWILIO_AUTH_TOKEN', 'SMTP_URL', 'DATABASE_URL']);

/** Reads the settings; a bad value is answered with one sentence per variable that names it (secrets are not echoed). */
export function parseServerConfig(env: Record<string, string | undefined>): ConfigResult {
  // An empty variable (`PORT=`) means "not set", as shells and .env files commonly write it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ServerEnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = present[name];
      const shown = value === undefined || SECRET_NAMES.has(name) ? '' : ` (got ${JSON.stringify(value)})`;
      return `${name} ${issue.message.replace(/^Invalid input: /, '')}${shown}`;
    });
    return { ok: false, message: `Invalid server settings: ${lines.join('; ')}.` };
  }
  const e = parsed.data;
  const shownHost = e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      publicUrl: (e.PUBLIC_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/+$/, ''),
      dataDir: e.DATA_DIR,
      databaseUrl: e.DATABASE_URL,
      seed: e.SEED,
      linkTtlSeconds: e.LINK_TTL_SECONDS,
      payments: e.PAYMENTS,
      notify: e.NOTIFY,
      stripe: { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, publishableKey: e.STRIPE_PUBLISHABLE_KEY },
      twilio: { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, from: e.TWILIO_FROM },
      smtp: { url: e.SMTP_URL, mailFrom: e.MAIL_FROM },
      trustProxyHops: e.TRUST_PROXY,
    },
  };
}
