import { cardSummaryText, formatStudioDayAndTime, formatStudioMoney, formatStudioTime } from '@frontdesk/shared/domain/studio-format';

// How the client's pages write money, times and cards: the one place the studio's locale comes in. Times are
// the studio's wall clock (clients book classes there), whatever zone the phone or the server is in.

export type PageFormat = {
  /** The `lang` of the page, e.g. "en-US". */
  lang: string;
  money: (cents: number) => string;
  /** A booking's day and time, e.g. "Fri, Nov 27, 9:00 AM". */
  dateTime: (epochMs: number) => string;
  /** A time of day, e.g. "4:27 PM". */
  time: (epochMs: number) => string;
  /** "Visa •• 4242"; undefined without the last four digits. */
  card: (brand: string | null | undefined, last4: string | null | undefined) => string | undefined;
};

export function pageFormat(place: { currency: string; timeZone: string; locale: string }): PageFormat {
  const clock = { locale: place.locale, timeZone: place.timeZone };
  return {
    lang: place.locale,
    money: (cents) => formatStudioMoney(cents, place.currency, place.locale),
    dateTime: (epochMs) => formatStudioDayAndTime(epochMs, clock),
    time: (epochMs) => formatStudioTime(epochMs, clock),
    card: cardSummaryText,
  };
}
