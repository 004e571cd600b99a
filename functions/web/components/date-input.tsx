// The design system's date input: a fieldset with a legend, a hint, the error above Day, Month and Year boxes, only the wrong boxes red.
import type { Child } from 'hono/jsx';
import { boxId, DATE_PARTS, type DatePart } from '../date-boxes.js';
import { describedBy, HintAndError, type FormState } from './forms.js';

const BOX: Record<DatePart, { label: string; width: 'nhsuk-input--width-2' | 'nhsuk-input--width-4' }> = {
  day: { label: 'Day', width: 'nhsuk-input--width-2' },
  month: { label: 'Month', width: 'nhsuk-input--width-2' },
  year: { label: 'Year', width: 'nhsuk-input--width-4' },
};

interface DateInputProps {
  /** The date's field name: its boxes are `<id>-day`, `<id>-month` and `<id>-year` (see date-boxes.ts). */
  readonly id: string;
  readonly legend: string;
  readonly state: FormState;
  readonly hint?: Child;
}

export const DateInput = (p: DateInputProps) => {
  const ids = DATE_PARTS.map((part) => boxId(p.id, part));
  const errors = p.state.errors.filter((e) => ids.includes(e.field));
  const red = new Set(errors.flatMap((e) => e.highlight ?? [e.field]));
  const error = errors[0]?.message;
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" role="group" aria-describedby={describedBy(p.id, p.hint, error)}>
        <legend class="nhsuk-fieldset__legend">{p.legend}</legend>
        <HintAndError id={p.id} hint={p.hint} error={error} />
        <div class="nhsuk-date-input" id={p.id}>
          {DATE_PARTS.map((part) => {
            const id = boxId(p.id, part);
            const wrong = red.has(id);
            return (
              <div class="nhsuk-date-input__item">
                <div class={`nhsuk-form-group${wrong ? ' nhsuk-form-group--error' : ''}`}>
                  <label class="nhsuk-label nhsuk-date-input__label" for={id}>
                    {BOX[part].label}
                  </label>
                  <input
                    class={`nhsuk-input${wrong ? ' nhsuk-input--error' : ''} ${BOX[part].width} nhsuk-date-input__input`}
                    id={id}
                    name={id}
                    type="text"
                    value={p.state.values[id] ?? ''}
                    inputmode="numeric"
                  />
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
};
