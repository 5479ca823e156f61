import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARD_ENTRY_SCRIPT } from '../../server/src/pages/card-entry/card-entry-script';
import { checkCardNumber, checkCvc, checkExpiry, checkName, formatCardNumber, formatExpiry } from '../../shared/domain/card-entry';

// The invoice page's script carries the source of the server's card rules. Run on its own (as a browser runs it,
// with nothing of the server's modules around it), its copies must answer exactly what the server's answer.

type ScriptRules = {
  checkCardNumber: typeof checkCardNumber;
  checkExpiry: typeof checkExpiry;
  checkCvc: typeof checkCvc;
  checkName: typeof checkName;
  formatCardNumber: typeof formatCardNumber;
  formatExpiry: typeof formatExpiry;
};

function scriptRules(): ScriptRules {
  const end = CARD_ENTRY_SCRIPT.lastIndexOf('})();');
  const exposing = `${CARD_ENTRY_SCRIPT.slice(0, end)}globalThis.rules={checkCardNumber,checkExpiry,checkCvc,checkName,formatCardNumber,formatExpiry};})();`;
  // A page without the timer or the form (the script looks for them and leaves the rest alone).
  const sandbox = { document: { getElementById: () => null }, window: {}, performance: { now: () => 0 }, Date, globalThis: {} as { rules?: ScriptRules } };
  sandbox.globalThis = sandbox as never;
  runInNewContext(exposing, sandbox);
  return sandbox.globalThis.rules!;
}

describe("the invoice page's card rules", () => {
  const rules = scriptRules();
  const now = Date.parse('2026-11-27T15:00:00Z');
  const typed = fc.oneof(
    fc.string({ maxLength: 24 }),
    fc.stringMatching(/^[0-9 /-]{0,24}$/),
    fc.constantFrom('4242 4242 4242 4242', '4000 0027 6000 3184', '3782 822463 10005', '1230', '12 / 30', '13/30', '1234', '123'),
  );

  it('are the same functions as the server runs, on any input', () => {
    fc.assert(
      fc.property(typed, typed, fc.boolean(), (a, b, deleting) => {
        expect(rules.checkCardNumber(a)).toEqual(checkCardNumber(a));
        expect(rules.checkExpiry(a, now)).toEqual(checkExpiry(a, now));
        expect(rules.checkCvc(a, b)).toEqual(checkCvc(a, b));
        expect(rules.checkName(a)).toEqual(checkName(a));
        expect(rules.formatCardNumber(a)).toBe(formatCardNumber(a));
        expect(rules.formatExpiry(a, deleting)).toBe(formatExpiry(a, deleting));
      }),
      { numRuns: 500 },
    );
  });

  it('run without anything of the server around them', () => {
    expect(rules.checkCardNumber('4242 4242 4242 4241')?.code).toBe('card_number_invalid');
    expect(rules.formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
  });
});
