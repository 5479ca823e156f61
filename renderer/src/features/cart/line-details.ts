import type { PricedLine } from '../../../../shared/contract/entities';
import { longDate, whenLabel } from '../../app/format';

/** The second line under a cart or receipt line: when, which seat, with whom, membership start. */
export function lineDetails(line: PricedLine, timeZone: string, today: string): string {
  const parts: string[] = [];
  if (line.startsAt) parts.push(whenLabel(line.startsAt, timeZone, today));
  if (line.seatLabel) parts.push(`Seat ${line.seatLabel}`);
  if (line.staffName) parts.push(`with ${line.staffName}`);
  if (line.kind === 'membership' && line.startsOn) {
    parts.push(line.startsOn === today ? 'Starts today' : `Starts ${longDate(line.startsOn)}`);
    if (line.chargeLater) parts.push('Charged on start date');
  }
  return parts.join(' · ');
}

/** Only retail and packages come in quantities; a place (spot, seat, slot) or a membership is one. */
export function hasQuantity(line: PricedLine): boolean {
  return line.kind === 'product' || line.kind === 'package';
}
