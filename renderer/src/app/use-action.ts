import { useCallback, useRef, useState } from 'react';
import { IpcCallError } from '../../../shared/contract/ipc-client';

export type ActionError = { code: string; message: string; details?: Record<string, unknown> };

/**
 * Runs one user action at a time and keeps its refusal (code + sentence) to show in place.
 * Resolves to the action's value, or undefined when it was refused.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const running = useRef(false);

  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      if (caught instanceof IpcCallError) setError({ code: caught.code, message: caught.message, details: caught.details });
      else setError({ code: 'internal_error', message: 'Something went wrong; please try again.' });
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);
  return { run, busy, error, clearError };
}
