import type { ActionError } from '../app/use-action';

/** A refusal shown where it happened, with the engine's or server's own sentence. */
export function InlineError({ error }: { error: ActionError | null }) {
  if (!error) return null;
  return (
    <p className="inline-error" role="alert" data-code={error.code}>
      {error.message}
    </p>
  );
}
