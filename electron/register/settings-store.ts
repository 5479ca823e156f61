import { DEFAULT_DESK_SETTINGS } from '../../shared/contract/desk-settings';
import type { LocalDb } from '../../db/open-database';
import type { DeskSettings } from './desk-platform';
import { getMeta } from './meta-store';

/** The desk settings saved in Settings, or the defaults (no chosen printer, no automatic print, display automatic). */
export function readDeskSettings(db: LocalDb): DeskSettings {
  return getMeta(db, 'deskSettings') ?? DEFAULT_DESK_SETTINGS;
}
