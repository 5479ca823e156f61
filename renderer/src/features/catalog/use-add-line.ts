import type { IpcInput } from '../../../../shared/contract/ipc';
import { useRegister } from '../../app/register-store';
import { useAction } from '../../app/use-action';

/** Adds one line to the cart; a refusal (seat taken, class full, …) stays on the card that asked. */
export function useAddLine() {
  const { call } = useRegister();
  const action = useAction();
  const add = (line: IpcInput<'cart.addLine'>) => action.run(() => call('cart.addLine', line));
  return { add, busy: action.busy, error: action.error };
}
