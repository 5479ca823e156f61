import { useEffect, useId, useRef, type ReactNode } from 'react';

// A modal built on <dialog>: the browser traps focus, Escape closes it, and focus returns to the opener.

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Parents pass inline callbacks; the effect below must run once per opening, not on every render.
  const onCloseRef = useRef(props.onClose);
  onCloseRef.current = props.onClose;
  const opener = useRef(document.activeElement as HTMLElement | null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first control (Close); the dialog's main field asks for focus with data-autofocus.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      // Back to the control that opened the dialog, if it is still on screen.
      if (opener.current?.isConnected) opener.current.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={props.wide ? 'dialog dialog--wide' : 'dialog'} aria-labelledby={titleId}>
      <header className="dialog__header">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => onCloseRef.current()}>
          ×
        </button>
      </header>
      <div className="dialog__body">{props.children}</div>
    </dialog>
  );
}
