import { describe, expect, it } from 'vitest';
import { embeddedServerEnv } from '../../electron/host/embedded-server';

describe('embeddedServerEnv', () => {
  it('never hands the demo seed a DATABASE_URL meant for another database', () => {
    const env = embeddedServerEnv({ DATABASE_URL: 'postgres://ci/test', PUBLIC_URL: 'https://x', LINK_TTL_SECONDS: '60', PATH: '/bin' }, 4411);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PUBLIC_URL).toBeUndefined();
    expect(env).toMatchObject({ SEED: 'demo', PORT: '4411', HOST: '127.0.0.1', LINK_TTL_SECONDS: '60', PATH: '/bin' });
  });
});
