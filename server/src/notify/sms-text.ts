import type { PricedLine } from '@frontdesk/shared/contract/entities';
import { dateInZone } from '@frontdesk/shared/domain/studio-time';
import { formatStudioDay, formatStudioMoney, formatStudioTime, type StudioClock } from '@frontdesk/shared/domain/studio-format';
import type { LinkMessageFacts, ReceiptMessageFacts } from './messages';
import { countSmsSegments, toGsmText } from './sms-segments';

// The texts of SMS messages. Each is tried from the most detailed wording to the barest, and the first that fits
// one segment goes; detail (seat, day, what it is for) goes before the amount, the link and the expiry, which
// every wording keeps. Names are written in GSM characters where they can be, so one curly quote does not halve
// the room (UCS-2).

/** The first wording that fits one segment, else the barest one (a very long address cannot be helped). */
function firstThatFits(wordings: readonly string[]): string {
  const texts = wordings.map(toGsmText);
  return texts.find((text) => countSmsSegments(text).segments === 1) ?? texts[texts.length - 1]!;
}

/** `text` cut to `max` characters with "...", at a word's end when one is near. */
function shortened(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, Math.max(1, max - 3)).join('');
  const wordEnd = cut.lastIndexOf(' ');
  return `${(wordEnd > cut.length / 2 ? cut.slice(0, wordEnd) : cut).trimEnd()}...`;
}

type Detail = 'seat' | 'when' | 'time-or-day' | 'none';

/** What the first line is for, with as much of its booking as `detail` allows: "Reformer Pilates, seat R3, Fri, Nov 27, 9:00 am". */
function lineWords(line: PricedLine, clock: StudioClock, detail: Detail, nowMs: number): string {
  const name = line.quantity > 1 ? `${line.quantity} x ${line.name}` : line.name;
  const startsMs = line.startsAt ? Date.parse(line.startsAt) : undefined;
  const parts = [name];
  if (detail === 'seat' && line.seatLabel) parts.push(`seat ${line.seatLabel}`);
  if (startsMs !== undefined && (detail === 'seat' || detail === 'when')) {
    parts.push(`${formatStudioDay(startsMs, clock)}, ${formatStudioTime(startsMs, clock, 'casual')}`);
  } else if (startsMs !== undefined && detail === 'time-or-day') {
    // Today the time is what matters; another day, the day.
    const today = dateInZone(nowMs, clock.timeZone) === dateInZone(startsMs, clock.timeZone);
    parts.push(today ? formatStudioTime(startsMs, clock, 'casual') : formatStudioDay(startsMs, clock));
  }
  return parts.join(', ');
}

const moreWords = (lines: readonly PricedLine[]) => (lines.length > 1 ? ` + ${lines.length - 1} more` : '');

/** "Demo Studio: Vinyasa Flow, Fri, Nov 27, 6:00 pm + 1 more. Pay $39.00: https://… (expires 4:27 pm)" */
export function linkSms(facts: LinkMessageFacts): string {
  const { studio } = facts;
  // "Today" is the day the link runs out: a link lives minutes, and the text must not depend on when it is sent.
  const nowMs = facts.expiresAtMs;
  const pay = `Pay ${formatStudioMoney(facts.totalCents, facts.currency, studio.locale)}: ${facts.url} (expires ${formatStudioTime(facts.expiresAtMs, studio, 'casual')})`;
  const first = facts.lines[0];
  const withLine = (what: string) => {
    const about = `${what}${moreWords(facts.lines)}`;
    return `${studio.name}: ${about}${about.endsWith('...') ? '' : '.'} ${pay}`;
  };
  const wordings: string[] = [];
  if (first) {
    for (const detail of ['seat', 'when', 'time-or-day', 'none'] as const) wordings.push(withLine(lineWords(first, studio, detail, nowMs)));
    // The line's name cut down to whatever room is left, before it is left out.
    const room = 160 - [...withLine('')].length;
    if (room >= 8) wordings.push(withLine(shortened(lineWords(first, studio, 'none', nowMs), room)));
  }
  wordings.push(`${studio.name}: ${pay}`);
  wordings.push(`${shortened(studio.name, 20)}: ${pay}`);
  return firstThatFits(wordings);
}

/** "Demo Studio: paid $39.00, thank you. Receipt 1-0042: https://…/demo-studio/r/…" */
export function receiptSms(facts: ReceiptMessageFacts): string {
  const total = formatStudioMoney(facts.totalCents, facts.currency, facts.studio.locale);
  const tail = `Receipt ${facts.receiptNumber}: ${facts.receiptUrl}`;
  return firstThatFits([
    `${facts.studio.name}: paid ${total}, thank you. ${tail}`,
    `${facts.studio.name}: paid ${total}. ${tail}`,
    `${shortened(facts.studio.name, 20)}: paid ${total}. ${tail}`,
  ]);
}
