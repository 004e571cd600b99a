// Validation messages in plain words that say what to change, each with the field's JSON pointer.
import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../functions/api/schemas/issue-messages.js';

const Referral = z.strictObject({
  clientRef: z.string().trim().min(1).max(40),
  tariffPence: z.number().int().nonnegative().max(100_000_000),
  kind: z.enum(['block', 'per_referral']),
  capacity: z.number().int().min(1).optional(),
  startsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written as YYYY-MM-DD, such as 2026-11-23'),
  endsOn: z.string(),
  items: z.array(z.object({ amountPence: z.number().int().min(100) })).optional(),
}).refine((v) => v.startsOn <= v.endsOn, { message: 'must not be before startsOn', path: ['endsOn'] });

const messages = (input: unknown) => describeIssues(Referral.safeParse(input).error!.issues);

describe('Function: describeIssues', () => {
  it('asks for what is missing by its name', () => {
    const { errors } = messages({ tariffPence: 100, kind: 'block', startsOn: '2026-01-01', endsOn: '2026-02-01' });
    expect(errors).toEqual([{ path: '/clientRef', message: 'Enter the client reference.' }]);
  });

  it('says money must be a whole number of pence, and shows its limits in pounds', () => {
    const base = { clientRef: 'CR-1', kind: 'block', startsOn: '2026-01-01', endsOn: '2026-02-01' };
    expect(messages({ ...base, tariffPence: 12.5 }).errors).toEqual([{ path: '/tariffPence', message: 'Tariff must be a whole number of pence.' }]);
    expect(messages({ ...base, tariffPence: '12' }).errors[0]!.message).toBe('Tariff must be a whole number of pence.');
    expect(messages({ ...base, tariffPence: -1 }).errors[0]!.message).toBe('Tariff must not be negative.');
    expect(messages({ ...base, tariffPence: 100_000_001 }).errors[0]!.message).toBe('Tariff must be at most £1,000,000.00.');
    expect(messages({ ...base, tariffPence: 1, items: [{ amountPence: 5 }] }).errors).toEqual([{ path: '/items/0/amountPence', message: 'Amount must be at least £1.00.' }]);
  });

  it('lists the choices, names unknown fields, and words schema fragments after the field', () => {
    const { errors, detail } = messages({ clientRef: '  ', tariffPence: 1, kind: 'grant', capacity: 0, startsOn: '1/1/2026', endsOn: '2026-02-01', colour: 'red' });
    expect(errors).toEqual([
      { path: '/clientRef', message: 'Enter the client reference.' },
      { path: '/kind', message: 'Kind must be one of: block, per_referral.' },
      { path: '/capacity', message: 'Capacity must be at least 1.' },
      { path: '/startsOn', message: 'Start date must be a date written as YYYY-MM-DD, such as 2026-11-23.' },
      { path: '/', message: 'Remove "colour": it is not part of this request.' },
    ]);
    expect(detail).toContain('Enter the client reference. Kind must be one of: block, per_referral.');
  });

  it('words a cross-field rule with the fields’ names', () => {
    const { errors } = messages({ clientRef: 'CR-1', tariffPence: 1, kind: 'block', startsOn: '2026-03-01', endsOn: '2026-02-01' });
    expect(errors).toEqual([{ path: '/endsOn', message: 'End date must not be before the start date.' }]);
  });

  it('never passes on zod’s own wording', () => {
    const { detail } = messages({ clientRef: 5, tariffPence: null, kind: 1, startsOn: 3, endsOn: false, items: 'x' });
    expect(detail).not.toMatch(/Invalid input|expected|received|Too small|Too big/);
  });
});
