import { describe, expect, it } from 'vitest';
import { embeddedServerEnv } from '../../electron/register/embedded-server';

describe('embeddedServerEnv', () => {
  it('never hands the demo seed a DATABASE_URL meant for another database', () => {
    const env = embeddedServerEnv({ DATABASE_URL: 'postgres://ci/test', PUBLIC_URL: 'https://x', LINK_TTL_SECONDS: '60', PATH: '/bin' }, 4411);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PUBLIC_URL).toBeUndefined();
    expect(env).toMatchObject({ SEED: 'demo', PORT: '4411', HOST: '127.0.0.1', LINK_TTL_SECONDS: '60', PATH: '/bin' });
  });

  it("keeps the Electron app's demo data in the folder it is given, and the server's default otherwise", () => {
    expect(embeddedServerEnv({ DATA_DIR: '/elsewhere' }, 4400, '/home/frank/.config/Frontdesk/demo-server').DATA_DIR).toBe(
      '/home/frank/.config/Frontdesk/demo-server',
    );
    expect(embeddedServerEnv({}, 4400).DATA_DIR).toBeUndefined();
  });
});
