// How to reach an organisation or a member of staff: a work e-mail, a phone number, a web page.
import { z } from '@hono/zod-openapi';

// UK numbers as people write them: 01634 123456, 07700 900123, +44 1634 123456.
const UK_PHONE = /^(?:\+44\s?|0)\d(?:[\s-]?\d){8,9}$/;

export const PhoneSchema = z
  .string()
  .trim()
  .regex(UK_PHONE, 'Enter a UK phone number, such as 01634 123456')
  .openapi({ example: '01634 123456' });

export const WorkEmailSchema = z.string().trim().toLowerCase().email('Enter an e-mail address, such as name@example.org').max(254);

export const ContactSchema = z
  .strictObject({
    email: WorkEmailSchema.optional(),
    phone: PhoneSchema.optional(),
    url: z.string().url('Enter a web address starting https://').max(500).refine((u) => /^https?:\/\//.test(u), 'Enter a web address starting https://').optional(),
  })
  .refine((c) => c.email !== undefined || c.phone !== undefined || c.url !== undefined, { message: 'Give at least one of email, phone or url' })
  .openapi('Contact');

export const ContactView = z
  .object({ email: z.string().nullable(), phone: z.string().nullable(), url: z.string().nullable() })
  .openapi('ContactDetails');

export const toContact = (c: z.infer<typeof ContactSchema> | null | undefined) =>
  c ? { email: c.email ?? null, phone: c.phone ?? null, url: c.url ?? null } : c === null ? null : undefined;
