import { describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../server/src/config';

describe('server settings from the environment', () => {
  it('has the defaults of DESIGN.md', () => {
    const result = parseServerConfig({});
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({
        port: 4400,
        host: '127.0.0.1',
        publicUrl: 'http://127.0.0.1:4400',
        dataDir: './.frontdesk/server',
        databaseUrl: undefined,
        seed: 'none',
        linkTtlSeconds: 900,
        payments: 'sandbox',
        notify: 'outbox',
      }),
    });
  });

  it('reads good values (empty means unset)', () => {
    const result = parseServerConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://pay.example.com/',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/frontdesk',
      SEED: 'demo',
      LINK_TTL_SECONDS: '30',
      NOTIFY: 'live',
      SMTP_URL: 'smtp://mail.example.com:587',
      MAIL_FROM: 'desk@example.com',
      PAYMENTS: '',
    });
    expect(result.ok && result.config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      publicUrl: 'https://pay.example.com',
      seed: 'demo',
      linkTtlSeconds: 30,
      payments: 'sandbox',
      notify: 'live',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ HOST: 'bad host!' }, 'HOST'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://x.example.com' }, 'PUBLIC_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SEED: 'everything' }, 'SEED'],
    [{ LINK_TTL_SECONDS: '1.5' }, 'LINK_TTL_SECONDS'],
    [{ LINK_TTL_SECONDS: '0' }, 'LINK_TTL_SECONDS'],
    [{ PAYMENTS: 'paypal' }, 'PAYMENTS'],
    [{ PAYMENTS: 'stripe' }, 'STRIPE_SECRET_KEY'],
    [{ PAYMENTS: 'stripe', STRIPE_SECRET_KEY: 'sk_test_1' }, 'STRIPE_WEBHOOK_SECRET'],
    [{ PAYMENTS: 'stripe', STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }, 'STRIPE_PUBLISHABLE_KEY'],
    [{ NOTIFY: 'carrier-pigeon' }, 'NOTIFY'],
    [{ NOTIFY: 'live' }, 'NOTIFY'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
  ] as const)('refuses %j naming %s', (env, variable) => {
    const result = parseServerConfig(env);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(new RegExp(`\\b${variable}\\b`));
      expect(result.message).toMatch(/^Invalid server settings: /);
    }
  });

  it('never echoes a secret value', () => {
    const result = parseServerConfig({ DATABASE_URL: 'mysql://user:hunter2@db' });
    expect(!result.ok && result.message).not.toContain('hunter2');
  });
});
