import { useEffect } from 'react';
import { useRegister } from './register-store';

const REPORT_EVERY_MS = 30_000;

/** Tells the engine that someone is using the desk (at most every 30 s), so only an idle desk signs out. */
export function useActivityReport(signedIn: boolean): void {
  const { call } = useRegister();
  useEffect(() => {
    if (!signedIn) return;
    let last = -Infinity;
    const onActivity = () => {
      const now = performance.now();
      if (now - last < REPORT_EVERY_MS) return;
      last = now;
      call('staff.activity', {}).catch(() => undefined);
    };
    window.addEventListener('pointerdown', onActivity);
    window.addEventListener('keydown', onActivity);
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
    };
  }, [call, signedIn]);
}
