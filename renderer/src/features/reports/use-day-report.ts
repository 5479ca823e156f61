import { useCallback, useEffect, useState } from 'react';
import type { IpcOutput } from '../../../../shared/contract/ipc';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useAction } from '../../app/use-action';

/** Loads a day report, again whenever the outbox drains or the connection changes (so local turns into server). */
export function useDayReport<M extends 'sales.day' | 'roster.day'>(method: M, date?: string) {
  const { call } = useRegister();
  const snapshot = useSnapshot();
  const { run, busy, error } = useAction();
  const [report, setReport] = useState<IpcOutput<M> | null>(null);

  const load = useCallback(async () => {
    const result = await run(() => (call as (m: M, input: { date?: string }) => Promise<IpcOutput<M>>)(method, date ? { date } : {}));
    if (result) setReport(result);
  }, [call, method, run, date]);

  useEffect(() => {
    void load();
  }, [load, snapshot.outbox.pending, snapshot.connection.kind, snapshot.lastSale?.id]);

  return { report, busy, error, reload: load };
}
