import { useId } from 'react';
import type { ContactDraft, ContactErrors } from './contact';

type Props = {
  draft: ContactDraft;
  errors: ContactErrors;
  showPhone: boolean;
  showEmail: boolean;
  onChange: (draft: ContactDraft) => void;
  disabled?: boolean;
};

/** The client's mobile number and email for this link: pre-filled from the profile, editable, errors in place. */
export function ContactFields({ draft, errors, showPhone, showEmail, onChange, disabled }: Props) {
  const phoneErrorId = useId();
  const emailErrorId = useId();
  return (
    <div className="contact-fields">
      {showPhone && (
        <label className="field">
          <span>Mobile phone</span>
          <input
            type="tel"
            name="phone"
            autoComplete="off"
            value={draft.phone}
            disabled={disabled}
            placeholder="(555) 123-4567"
            aria-invalid={errors.phone ? true : undefined}
            aria-describedby={errors.phone ? phoneErrorId : undefined}
            onChange={(e) => onChange({ ...draft, phone: e.target.value })}
          />
          {errors.phone && (
            <span id={phoneErrorId} className="field__error">
              {errors.phone}
            </span>
          )}
        </label>
      )}
      {showEmail && (
        <label className="field">
          <span>Email address</span>
          <input
            type="email"
            name="email"
            autoComplete="off"
            value={draft.email}
            disabled={disabled}
            placeholder="name@example.com"
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? emailErrorId : undefined}
            onChange={(e) => onChange({ ...draft, email: e.target.value })}
          />
          {errors.email && (
            <span id={emailErrorId} className="field__error">
              {errors.email}
            </span>
          )}
        </label>
      )}
    </div>
  );
}

/** Moves focus to the first field that has an error, so keyboard and screen reader users land on it. */
export function focusFirstInvalid(container: HTMLElement | null): void {
  container?.querySelector<HTMLInputElement>('input[aria-invalid="true"]')?.focus();
}
