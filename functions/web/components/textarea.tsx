// A multi-line text field in the design system's markup, with its hint and error message.
import type { FormState } from './forms.js';
import { describedBy, errorFor, HintAndError } from './forms.js';

export const Textarea = ({ id, label, state, hint, rows = 5 }: { id: string; label: string; state: FormState; hint?: string; rows?: number }) => {
  const error = errorFor(state, id);
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={id}>
        {label}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      <textarea class={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`} id={id} name={id} rows={rows} aria-describedby={describedBy(id, hint, error)}>
        {state.values[id] ?? ''}
      </textarea>
    </div>
  );
};
