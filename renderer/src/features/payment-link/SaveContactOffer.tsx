import { useEffect, useId, useRef } from 'react';
import { useRegister } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { displayPhone } from './contact';

type Props = {
  clientId: string;
  clientName: string;
  /** What staff corrected on the resend that just went out (normalized: E.164 phone, trimmed email). */
  correction: { phone?: string; email?: string };
  onDone: (sentence: string) => void;
};

/**
 * After a resend to a corrected phone or email: "Save (555) 555-0199 to Maya Chen's profile?", so the next link (and
 * the next search) has it. Save needs the server; a refusal (offline, another client has it) is said here and Not now
 * still closes.
 */
export function SaveContactOffer({ clientId, clientName, correction, onDone }: Props) {
  const { call } = useRegister();
  const { run, busy, error } = useAction();
  const questionId = useId();
  const saveButton = useRef<HTMLButtonElement>(null);
  useEffect(() => saveButton.current?.focus(), []);
  const what = [correction.phone ? displayPhone(correction.phone) : null, correction.email ?? null].filter(Boolean).join(' and ');

  const save = async () => {
    const saved = await run(() => call('clients.saveContact', { clientId, ...correction }));
    if (saved) onDone(`The link was sent again, and ${what} was saved to ${clientName}’s profile.`);
    else requestAnimationFrame(() => saveButton.current?.focus());
  };

  return (
    <div className="save-contact" role="group" aria-labelledby={questionId}>
      <p className="small link-panel__done" role="status">
        The link was sent again to the corrected contact.
      </p>
      <p id={questionId} className="save-contact__question">
        Save {what} to {clientName}’s profile?
      </p>
      <InlineError error={error} />
      <div className="resend-form__actions">
        <button type="button" className="button button--small" disabled={busy} onClick={() => onDone('The link was sent again to the corrected contact.')}>
          Not now
        </button>
        <button ref={saveButton} type="button" className="button button--primary button--small" disabled={busy} onClick={save}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </div>
  );
}
