// Turns the API's problem+json into error-summary entries: each `errors[].path` JSON pointer names a form field.
import type { Problem } from './api-client.js';
import type { FieldError } from './components/forms.js';

export interface FieldMap {
  /** API JSON pointer (`/clientRef`) → the form's field id and its label (a date: `dateField` in date-boxes.ts). */
  readonly [pointer: string]: { readonly id: string; readonly label: string; readonly highlight?: readonly string[] };
}

/** "must not be empty" under "Client reference" reads "Client reference must not be empty". */
const sentence = (label: string | undefined, message: string) => {
  const text = label && /^[a-z]/.test(message) ? `${label} ${message}` : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/**
 * Field errors for a refused request. Without `errors[]` (a 409 such as capacity_exhausted) the
 * API's detail is shown against the field `codeField` names for that code, else `fallback`.
 */
export const problemErrors = (problem: Problem, fields: FieldMap, fallback: string, codeField: Record<string, string> = {}): FieldError[] => {
  // A field named by id (the fallback, a code's field) highlights what its map entry says: all of a date's boxes.
  const highlightOf = (id: string) => {
    const highlight = Object.values(fields).find((f) => f.id === id)?.highlight;
    return highlight ? { highlight } : {};
  };
  if (problem.errors && problem.errors.length > 0) {
    return problem.errors.map((e) => {
      const field = fields[e.path] ?? fields[`/${e.path.split('/')[1] ?? ''}`];
      const id = field?.id ?? fallback;
      return { field: id, message: sentence(field?.label, e.message), ...highlightOf(id) };
    });
  }
  const id = codeField[problem.code] ?? fallback;
  return [{ field: id, message: problem.detail, ...highlightOf(id) }];
};
