// A multi-line text field in the design system's markup, with its hint and error message.
import type { FormState } from './forms.js';
import { errorFor } from './forms.js';

export const Textarea = ({ id, label, state, hint, rows = 5 }: { id: string; label: string; state: FormState; hint?: string; rows?: number }) => {
  const error = errorFor(state, id);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={id}>
        {label}
      </label>
      {hint ? (
        <div class="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span class="nhsuk-error-message" id={`${id}-error`}>
          <span class="nhsuk-u-visually-hidden">Error: </span>
          {error}
        </span>
      ) : null}
      <textarea class={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`} id={id} name={id} rows={rows} aria-describedby={describedBy}>
        {state.values[id] ?? ''}
      </textarea>
    </div>
  );
};
