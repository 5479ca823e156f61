const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Big on-screen digits for touch screens; the PIN field above takes the keyboard. */
export function PinKeypad(props: { onDigit: (digit: string) => void; onBackspace: () => void; disabled: boolean }) {
  return (
    <div className="keypad" role="group" aria-label="Number pad">
      {KEYS.map((digit) => (
        <button key={digit} type="button" className="keypad__key" disabled={props.disabled} onClick={() => props.onDigit(digit)}>
          {digit}
        </button>
      ))}
      <button type="button" className="keypad__key keypad__key--muted" disabled={props.disabled} onClick={props.onBackspace} aria-label="Delete last digit">
        ⌫
      </button>
      <button type="button" className="keypad__key" disabled={props.disabled} onClick={() => props.onDigit('0')}>
        0
      </button>
      <span aria-hidden="true" />
    </div>
  );
}
