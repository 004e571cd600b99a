// Renders a template as Notify does: ((placeholders)) filled in, a list becomes bullet points.
import { badRequest } from './errors.js';

export interface SandboxTemplate {
  readonly id: string;
  readonly name: string;
  readonly subject: string;
  readonly body: string;
  readonly version: number;
}

const PLACEHOLDER = /\(\(([^()?]+?)(\?\?[^()]*)?\)\)/g;

/** The placeholder names a template uses, in subject and body, each once. */
export const placeholders = (template: Pick<SandboxTemplate, 'subject' | 'body'>): string[] => {
  const names = new Set<string>();
  for (const text of [template.subject, template.body]) {
    for (const match of text.matchAll(PLACEHOLDER)) if (!match[2]) names.add(match[1]!.trim().toLowerCase());
  }
  return [...names];
};

const asText = (value: unknown, inSubject: boolean): string => {
  if (Array.isArray(value)) return inSubject ? value.map(String).join(', ') : `\n${value.map((v) => `* ${String(v)}`).join('\n')}\n`;
  return value === null || value === undefined ? '' : String(value);
};

/** Subject and body with every placeholder filled; Notify refuses a request missing any of them. */
export const render = (template: SandboxTemplate, personalisation: Record<string, unknown>) => {
  // Notify matches placeholder names case-insensitively.
  const values = new Map(Object.entries(personalisation).map(([k, v]) => [k.toLowerCase(), v]));
  const missing = placeholders(template).filter((name) => !values.has(name));
  if (missing.length > 0) throw badRequest(`Missing personalisation: ${missing.join(', ')}`);
  const fill = (text: string, inSubject: boolean) =>
    text.replace(PLACEHOLDER, (_, name: string, optional?: string) => {
      const value = values.get(name.trim().toLowerCase());
      if (optional) return value ? optional.slice(2) : '';
      return asText(value, inSubject);
    });
  return { subject: fill(template.subject, true).replace(/\s+/g, ' ').trim(), body: fill(template.body, false) };
};
