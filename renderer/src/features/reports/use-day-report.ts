import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcOutput } from '../../../../shared/contract/ipc';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useAction } from '../../app/use-action';

/** Sales made at other registers show up within this long even when nothing here changes. */
const RELOAD_EVERY_MS = 20_000;

/**
 * Loads a day report and keeps it current by itself (no Refresh button): again whenever the outbox drains, the
 * connection changes, a sale completes here, the engine reports a catalog change (bookings, holds), and every 20 s.
 */
export function useDayReport<M extends 'sales.day' | 'roster.day'>(method: M, date?: string) {
  const { call, catalog } = useRegister();
  const snapshot = useSnapshot();
  const { run, error } = useAction();
  const [report, setReport] = useState<IpcOutput<M> | null>(null);

  // A reason to reload that comes while a load is on its way (the outbox drained during it) loads once more after
  // it: the answer on its way may predate that change, and it must not be the last word.
  const loading = useRef(false);
  const again = useRef(false);
  const load = useCallback(async () => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    try {
      do {
        again.current = false;
        const result = await run(() => (call as (m: M, input: { date?: string }) => Promise<IpcOutput<M>>)(method, date ? { date } : {}));
        if (result) setReport(result);
      } while (again.current);
    } finally {
      loading.current = false;
    }
  }, [call, method, run, date]);

  useEffect(() => {
    void load();
  }, [load, snapshot.outbox.pending, snapshot.connection.kind, snapshot.lastSale?.id, catalog?.updatedAt]);

  useEffect(() => {
    const timer = setInterval(() => void load(), RELOAD_EVERY_MS);
    return () => clearInterval(timer);
  }, [load]);

  return { report, error };
}
