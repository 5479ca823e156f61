import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BootstrapResponseSchema } from '../../shared/contract/http';
import { meta } from '../../db/schema';
import { storeBootstrap } from '../../electron/register/enrollment';
import { studioRegion } from '../../electron/register/studio-region';
import { openTempDatabase } from './support/temp-database';

// The register keeps the studio's locale and country with its enrollment (the `meta` table, read through the
// contract's schema): an enrollment stored before they existed, or a bootstrap from an older server, reads as
// the defaults; a newer bootstrap brings the studio's own.

const location = { id: 'loc', name: 'Camden Yoga', widget: 'camden', currency: 'GBP', timeZone: 'Europe/London' };
const register = { id: 'reg', name: 'Front desk', locationId: 'loc', number: 1 };
const bootstrapOf = (loc: Record<string, unknown>) =>
  BootstrapResponseSchema.parse({ serverTime: 1, location: loc, register, staff: [], items: [], clients: [], lastSeq: 0 });

describe('the studio region in the local cache', () => {
  let database: ReturnType<typeof openTempDatabase>;
  beforeEach(() => {
    database = openTempDatabase();
    // As an older build wrote it: the location has no locale or country.
    const enrollment = { serverUrl: 'http://server', register, location, tokenEncrypted: 'x' };
    database.db
      .insert(meta)
      .values({ key: 'enrollment', value: JSON.stringify(enrollment) })
      .run();
  });
  afterEach(() => database.cleanup());

  it('reads an older enrollment and an older server’s bootstrap as en-US and US', () => {
    expect(studioRegion(database.db)).toEqual({ locale: 'en-US', phoneRegion: 'US' });
    storeBootstrap(database.db, bootstrapOf(location), 1, { setCursor: true });
    expect(studioRegion(database.db)).toEqual({ locale: 'en-US', phoneRegion: 'US' });
  });

  it('keeps a newer bootstrap’s locale and country', () => {
    storeBootstrap(database.db, bootstrapOf({ ...location, locale: 'en-GB', country: 'GB' }), 1, { setCursor: true });
    expect(studioRegion(database.db)).toEqual({ locale: 'en-GB', phoneRegion: 'GB' });
  });
});
