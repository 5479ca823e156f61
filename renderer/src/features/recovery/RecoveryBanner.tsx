import { useEffect, useState } from 'react';
import type { RecoveryItem, RecoveryView } from '../../../../shared/contract/recovery';
import { useRegister } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import './recovery.css';

/** "sale 1-2" or "this item": what a button acts on, so each button's name says which entry it is for. */
const subjectOf = (item: RecoveryItem) => (item.receiptNumber ? `sale ${item.receiptNumber}` : 'this item');

/**
 * After the register started from a backup because its data file was damaged: what was read back from the damaged
 * file and is not on the server, each with Send again (when it can be sent as it was) and Dismiss. Read again with
 * every snapshot, so a sale sent meanwhile shows its new state.
 */
export function RecoveryBanner() {
  const { call, snapshot } = useRegister();
  const [recovery, setRecovery] = useState<RecoveryView>(null);
  const { run, busy, error } = useAction();
  const signedIn = snapshot?.staff != null;

  useEffect(() => {
    let current = true;
    call('recovery.list', {}).then(
      (answer) => current && setRecovery(answer.recovery),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [call, snapshot]);

  if (!recovery || recovery.items.length === 0) return null;
  const act = (method: 'recovery.resend' | 'recovery.dismiss', id: string) => run(async () => setRecovery((await call(method, { id })).recovery));
  const backupTime = new Date(recovery.backupTakenAt).toLocaleString();

  return (
    <section className="notices recovery" aria-labelledby="recovery-title">
      <div className="notice notice--warning" role="alert">
        <p id="recovery-title">
          This register started from its backup of {backupTime} because its data file was damaged. These were read back from the damaged file and are not on the
          server:
        </p>
      </div>
      <ul className="recovery__items" aria-label="Read back from the damaged file">
        {recovery.items.map((item) => (
          <li key={item.id} className="notice notice--warning">
            <p>{item.sentence}</p>
            {signedIn && (
              <div className="recovery__actions">
                {item.resendable && item.state === 'unsent' && (
                  <button type="button" className="button button--small" disabled={busy} onClick={() => act('recovery.resend', item.id)}>
                    Send {subjectOf(item)} again
                  </button>
                )}
                <button type="button" className="button button--small button--quiet" disabled={busy} onClick={() => act('recovery.dismiss', item.id)}>
                  Dismiss {subjectOf(item)}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <p className="recovery__kept">
        The damaged file is kept at <span className="recovery__path">{recovery.damagedFile}</span>.{' '}
        {signedIn ? 'Each entry stays here until you dismiss it.' : 'Sign in to send these again or dismiss them.'}
      </p>
      <InlineError error={error} />
    </section>
  );
}
