import { useState } from 'react';
import type { Booking } from '../../../../shared/contract/entities';
import { longDate, timeOfDay } from '../../app/format';
import { useSnapshot } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { InlineError } from '../../components/InlineError';
import { useDayReport } from './use-day-report';

type Group = { key: string; itemName: string; startsAt: string; bookings: Booking[] };

function groupBySession(bookings: readonly Booking[]): Group[] {
  const groups = new Map<string, Group>();
  for (const booking of bookings) {
    const key = booking.sessionId ?? booking.slotId ?? booking.id;
    const group = groups.get(key) ?? { key, itemName: booking.itemName, startsAt: booking.startsAt, bookings: [] };
    group.bookings.push(booking);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export function RosterView() {
  const snapshot = useSnapshot();
  const [date, setDate] = useState(snapshot.today);
  const { report, error } = useDayReport('roster.day', date);
  const { timeZone } = useStudio();
  const groups = report ? groupBySession(report.bookings) : [];

  return (
    <main className="page" aria-labelledby="roster-title">
      <header className="page__header">
        <div>
          <h1 id="roster-title">Roster</h1>
          {report && <p className="muted">{longDate(report.date)}</p>}
        </div>
        <div className="page__tools">
          <label className="field field--inline">
            <span>Date</span>
            <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
          </label>
        </div>
      </header>
      <InlineError error={error} />
      {report?.source === 'local' && (
        <p className="notice notice--warning" role="status">
          The server cannot be reached: showing only bookings made at this register.
        </p>
      )}
      {report && groups.length === 0 && <p className="empty-state">No bookings for this day yet.</p>}
      <div className="roster">
        {groups.map((group) => (
          <section key={group.key} className="roster__session" aria-label={`${group.itemName} at ${timeOfDay(group.startsAt, timeZone)}`}>
            <h2>
              <span>{group.itemName}</span>
              <span className="muted">{timeOfDay(group.startsAt, timeZone)}</span>
            </h2>
            <ul>
              {group.bookings.map((booking) => (
                <li key={booking.id}>
                  <span>{booking.clientName}</span>
                  {booking.seatLabel && <span className="chip">Seat {booking.seatLabel}</span>}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </main>
  );
}
