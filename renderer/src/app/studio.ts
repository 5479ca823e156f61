import type { RegisterSnapshot } from '../../../shared/contract/register-view';
import { useSnapshot } from './register-store';

// The studio's own settings, from the enrollment. Every time shown at the desk is in the studio's time zone,
// never the register PC's (a PC set to another zone must not move a class).

export type Studio = { name: string; timeZone: string; currency: string; today: string };

/** Before enrollment nothing is scheduled yet; UTC only keeps the formatters total. */
const NOT_ENROLLED = { name: 'Frontdesk', timeZone: 'UTC', currency: 'USD' } as const;

function studioOf(snapshot: RegisterSnapshot): Studio {
  const location = snapshot.enrollment.kind === 'enrolled' ? snapshot.enrollment.location : NOT_ENROLLED;
  return { name: location.name, timeZone: location.timeZone, currency: location.currency, today: snapshot.today };
}

export function useStudio(): Studio {
  return studioOf(useSnapshot());
}
