import { useCallback } from 'react';
import { IpcCallError } from '../../../../shared/contract/ipc-client';
import { useAction } from '../../app/use-action';

/**
 * useAction for a Settings call: when the engine says Settings closed (sign-out, minutes unused), the screen goes
 * back to asking for a PIN, with the engine's sentence.
 */
export function useSettingsAction(onLocked: (message: string) => void) {
  const action = useAction();
  const { run: runAction } = action;
  const run = useCallback(
    async <T>(work: () => Promise<T>): Promise<T | undefined> => {
      let lockedMessage: string | null = null;
      const result = await runAction(async () => {
        try {
          return await work();
        } catch (error) {
          if (error instanceof IpcCallError && error.code === 'settings_locked') lockedMessage = error.message;
          throw error;
        }
      });
      if (lockedMessage !== null) onLocked(lockedMessage);
      return result;
    },
    [runAction, onLocked],
  );
  return { ...action, run };
}
