import type { CountryCode } from 'libphonenumber-js';
import { DEFAULT_STUDIO_COUNTRY, DEFAULT_STUDIO_LOCALE } from '../../shared/domain/studio-locale';
import type { LocalDb } from '../../db/open-database';
import { phoneRegion } from './link-contact';
import { getMeta } from './meta-store';

// The enrolled studio's locale and country, from the enrollment kept in the local database (a bootstrap from a
// server older than these fields stores the defaults): how the engine writes money in notices and reads phones.

export type StudioRegion = { locale: string; phoneRegion: CountryCode };

export function studioRegion(db: LocalDb): StudioRegion {
  const location = getMeta(db, 'enrollment')?.location;
  return { locale: location?.locale ?? DEFAULT_STUDIO_LOCALE, phoneRegion: phoneRegion(location?.country ?? DEFAULT_STUDIO_COUNTRY) };
}
