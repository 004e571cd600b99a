// Form pieces in the design system's markup: error summary, inputs, radios, selects, and each form's hidden tokens (dates: date-input.tsx).
import type { Child } from 'hono/jsx';
import { randomToken } from '../auth/session.js';

export interface FieldError {
  /** The id of the input to link to and highlight. */
  readonly field: string;
  readonly message: string;
  /** The ids of every input to highlight, when more than the one linked to (the boxes of a date). */
  readonly highlight?: readonly string[];
}

export interface FormState {
  readonly values: Record<string, string>;
  readonly errors: readonly FieldError[];
}

export const emptyForm = (values: Record<string, string> = {}): FormState => ({ values, errors: [] });

export const errorFor = (state: FormState, field: string) => state.errors.find((e) => e.field === field)?.message;

export const ErrorSummary = ({ state }: { state: FormState }) =>
  state.errors.length === 0 ? null : (
    <div class="nhsuk-error-summary" data-module="nhsuk-error-summary" tabindex={-1}>
      <div role="alert">
        <h2 class="nhsuk-error-summary__title">There is a problem</h2>
        <div class="nhsuk-error-summary__body">
          <ul class="nhsuk-list nhsuk-error-summary__list">
            {state.errors.map((e) => (
              <li>
                <a href={`#${e.field}`}>{e.message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );

/** The CSRF token every form carries, and an idempotency key so a double submission is answered once. */
export const FormTokens = ({ csrf }: { csrf: string }) => (
  <>
    <input type="hidden" name="_csrf" value={csrf} />
    <input type="hidden" name="_idem" value={randomToken(16)} />
  </>
);

const ErrorMessage = ({ id, message }: { id: string; message: string | undefined }) =>
  message ? (
    <span class="nhsuk-error-message" id={`${id}-error`}>
      <span class="nhsuk-u-visually-hidden">Error: </span>
      {message}
    </span>
  ) : null;

/** The hint and the error message every field shows under its label, in that order. */
export const HintAndError = ({ id, hint, error }: { id: string; hint: Child | undefined; error: string | undefined }) => (
  <>
    {hint ? (
      <div class="nhsuk-hint" id={`${id}-hint`}>
        {hint}
      </div>
    ) : null}
    <ErrorMessage id={id} message={error} />
  </>
);

export const describedBy = (id: string, hint: Child | undefined, error: string | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

interface InputProps {
  readonly id: string;
  readonly label: string;
  readonly state: FormState;
  readonly hint?: Child;
  readonly type?: string;
  readonly width?: 'nhsuk-input--width-10' | 'nhsuk-input--width-20' | 'nhsuk-input--width-30' | 'nhsuk-u-width-full';
  readonly autocomplete?: string;
  readonly inputmode?: 'numeric' | 'decimal' | 'text';
  readonly spellcheck?: boolean;
  readonly prefix?: string;
  readonly labelIsHeading?: boolean;
}

export const Input = (p: InputProps) => {
  const error = errorFor(p.state, p.id);
  const input = (
    <input
      class={`nhsuk-input${p.width ? ` ${p.width}` : ''}${error ? ' nhsuk-input--error' : ''}`}
      id={p.id}
      name={p.id}
      type={p.type ?? 'text'}
      value={p.state.values[p.id] ?? ''}
      aria-describedby={describedBy(p.id, p.hint, error)}
      autocomplete={p.autocomplete}
      inputmode={p.inputmode}
      spellcheck={p.spellcheck}
    />
  );
  const label = (
    <label class={`nhsuk-label${p.labelIsHeading ? ' nhsuk-label--l' : ''}`} for={p.id}>
      {p.label}
    </label>
  );
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      {p.labelIsHeading ? <h1 class="nhsuk-label-wrapper">{label}</h1> : label}
      <HintAndError id={p.id} hint={p.hint} error={error} />
      {p.prefix ? (
        <div class="nhsuk-input-wrapper">
          <div class="nhsuk-input__prefix" aria-hidden="true">
            {p.prefix}
          </div>
          {input}
        </div>
      ) : (
        input
      )}
    </div>
  );
};

interface ChoiceProps {
  readonly id: string;
  readonly legend: string;
  readonly state: FormState;
  readonly options: readonly { value: string; text: string; hint?: string }[];
  readonly hint?: Child;
  readonly small?: boolean;
}

export const Radios = (p: ChoiceProps) => {
  const error = errorFor(p.state, p.id);
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={describedBy(p.id, p.hint, error)}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{p.legend}</legend>
        <HintAndError id={p.id} hint={p.hint} error={error} />
        <div class={`nhsuk-radios${p.small ? ' nhsuk-radios--small' : ''}`} data-module="nhsuk-radios">
          {p.options.map((o, i) => (
            <div class="nhsuk-radios__item">
              <input
                class="nhsuk-radios__input"
                id={i === 0 ? p.id : `${p.id}-${i + 1}`}
                name={p.id}
                type="radio"
                value={o.value}
                checked={p.state.values[p.id] === o.value}
                aria-describedby={o.hint ? `${p.id}-${i + 1}-hint` : undefined}
              />
              <label class="nhsuk-label nhsuk-radios__label" for={i === 0 ? p.id : `${p.id}-${i + 1}`}>
                {o.text}
              </label>
              {o.hint ? (
                <div class="nhsuk-hint nhsuk-radios__hint" id={`${p.id}-${i + 1}-hint`}>
                  {o.hint}
                </div>
              ) : null}
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
};

export const Select = (p: Omit<ChoiceProps, 'legend' | 'small'> & { label: string }) => {
  const error = errorFor(p.state, p.id);
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={p.id}>
        {p.label}
      </label>
      <HintAndError id={p.id} hint={p.hint} error={error} />
      <select class={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`} id={p.id} name={p.id} aria-describedby={describedBy(p.id, p.hint, error)}>
        {p.options.map((o) => (
          <option value={o.value} selected={p.state.values[p.id] === o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
};

export const Button = ({ children, secondary, warning, id, name, value }: { children: Child; secondary?: boolean; warning?: boolean; id?: string; name?: string; value?: string }) => (
  <button
    class={`nhsuk-button${secondary ? ' nhsuk-button--secondary' : ''}${warning ? ' nhsuk-button--warning' : ''}`}
    data-module="nhsuk-button"
    type="submit"
    id={id}
    name={name}
    value={value}
  >
    {children}
  </button>
);
