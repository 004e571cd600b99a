// Turns zod's issues into plain words that say what to change, keeping each field's JSON pointer.
import { AppError } from '../../../shared/domain/errors.js';
import { formatMoney } from '../../../shared/domain/format.js';

/** Zod's issue, as much of it as the wording needs (v4 shapes). */
export interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: unknown;
  readonly origin?: unknown;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly format?: unknown;
}

/** What people call each field; anything not listed is its name split into words. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  clientRef: 'client reference',
  externalRef: 'external reference',
  tariffPence: 'tariff',
  amountPence: 'amount',
  totalPence: 'total',
  startsOn: 'start date',
  endsOn: 'end date',
  through: 'date to pay up to',
  acceptedAt: 'acceptance date',
  activityId: 'activity',
  organisationId: 'organisation',
  fundId: 'fund',
  entityId: 'entity id',
  pcnOdsCode: 'PCN ODS code',
  odsCode: 'ODS code',
  snomedCode: 'SNOMED code',
  responseDeadlineDays: 'response deadline in days',
  groupBy: 'grouping',
  from: 'from date',
  to: 'to date',
  sub: 'user id',
};

const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

export const fieldLabel = (path: readonly PropertyKey[]): string => {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  if (last === undefined) return 'request';
  return FIELD_LABELS[last] ?? words(last);
};

const capitalise = (text: string) => (text.length > 0 && !/^[A-Z]{2}/.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text);

/** Field names inside a schema's own message ("must not be before startsOn") become their labels. */
const withLabels = (message: string) =>
  message.replace(/\b([a-z]+(?:[A-Z][a-z]+)+|through)\b/g, (name) => (FIELD_LABELS[name] ? `the ${FIELD_LABELS[name]}` : words(name)));

const isMoney = (path: readonly PropertyKey[]) => {
  const last = path[path.length - 1];
  return typeof last === 'string' && last.endsWith('Pence');
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'must be text',
  number: 'must be a number',
  int: 'must be a whole number',
  boolean: 'must be true or false',
  array: 'must be a list',
  object: 'must be an object',
};

/** One issue in plain words: "Enter the client reference", "Tariff must be a whole number of pence". */
export const issueMessage = (issue: ZodIssueLike): string => {
  const label = fieldLabel(issue.path);
  const Label = capitalise(label);
  const money = isMoney(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.path.length === 0) return 'Send the request body as a JSON object.';
      // A schema that words its own message (`z.string({ error: 'Enter the client reference' })`) is heard as written.
      if (!/^Invalid input/.test(issue.message)) return issue.message;
      if (/received undefined$/.test(issue.message)) return `Enter the ${label}.`;
      if (money) return `${Label} must be a whole number of pence.`;
      return `${Label} ${TYPE_WORDS[String(issue.expected)] ?? `must be ${String(issue.expected)}`}.`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? `Enter the ${label}.` : `${Label} must be at least ${min} characters.`;
      if (issue.origin === 'array') return `Choose at least ${min} for the ${label}.`;
      if (money) return min === 0 ? `${Label} must not be negative.` : `${Label} must be at least ${formatMoney(min)}.`;
      return `${Label} must be at least ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `${Label} must be at most ${max} characters.`;
      if (issue.origin === 'array') return `Choose at most ${max} for the ${label}.`;
      if (money) return `${Label} must be at most ${formatMoney(max)}.`;
      return `${Label} must be at most ${max}.`;
    }
    case 'invalid_value':
      return `${Label} must be one of: ${(issue.values ?? []).map(String).join(', ')}.`;
    case 'unrecognized_keys': {
      const names = (issue.keys ?? []).map((k) => `"${k}"`).join(', ');
      return `Remove ${names}: ${(issue.keys ?? []).length > 1 ? 'they are' : 'it is'} not part of this request.`;
    }
    case 'invalid_format':
      if (issue.format === 'datetime') return `${Label} must be a date and time such as 2026-11-23T10:15:00Z.`;
      return schemaMessage(Label, issue.message);
    default:
      return schemaMessage(Label, issue.message);
  }
};

/** A schema's own words: a fragment ("must be an ODS code") is put after the label; a sentence stands alone. */
const schemaMessage = (Label: string, message: string) => {
  const text = withLabels(message);
  const sentence = /^[a-z]/.test(text) ? `${Label} ${text}` : capitalise(text);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
};

/** Every issue as `{ path, message }` with `path` a JSON pointer (RFC 6901), and the detail that lists them. */
export const describeIssues = (issues: readonly ZodIssueLike[]) => {
  const errors = issues.map((issue) => ({
    path: `/${issue.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
    message: issueMessage(issue),
  }));
  const detail = [...new Set(errors.map((e) => e.message))].join(' ') || 'The request is not valid.';
  return { errors, detail };
};

/** A field refused after validation (it names something that does not exist, say), worded like the rest. */
export const fieldError = (pointer: string, message: string): AppError => {
  const { detail, errors } = describeIssues([{ code: 'custom', path: pointer.split('/').slice(1), message }]);
  return new AppError('validation_failed', detail, { errors });
};
