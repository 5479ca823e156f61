import { useEffect, useRef, useState } from 'react';
import { announcement, crossedMark, remainingMs } from './countdown';

const TICK_MS = 250;

/**
 * Time left on the link, re-based on every snapshot (`receivedAt`) and advanced by performance.now(), never by
 * Date.now(), so a wrong or jumping PC clock changes nothing. Also the sentence to announce at 5, 2 and 1 minutes.
 */
export function useCountdown(expiresInMs: number | null, receivedAt: number): { ms: number | null; spoken: string } {
  const compute = () => (expiresInMs === null ? null : remainingMs(expiresInMs, receivedAt, performance.now()));
  const [ms, setMs] = useState<number | null>(compute);
  const [spoken, setSpoken] = useState('');
  const last = useRef<number | null>(null);

  useEffect(() => {
    const tick = () => {
      const next = compute();
      setMs(next);
      if (next !== null && last.current !== null) {
        const mark = crossedMark(last.current, next);
        if (mark !== null) setSpoken(announcement(mark));
      }
      last.current = next;
    };
    tick();
    if (expiresInMs === null) return;
    const timer = setInterval(tick, TICK_MS);
    return () => clearInterval(timer);
    // compute reads only expiresInMs and receivedAt.
  }, [expiresInMs, receivedAt]);

  return { ms, spoken };
}
