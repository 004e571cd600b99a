// A logged referral's acceptance date: a day that does not exist is refused as such, not as the wrong shape.
import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../functions/api/schemas/issue-messages.js';
import { AcceptedAtSchema } from '../../functions/api/schemas/referral-details.js';

const messages = (acceptedAt: unknown) => describeIssues(z.object({ acceptedAt: AcceptedAtSchema }).safeParse({ acceptedAt }).error!.issues).errors;

describe('Schema: AcceptedAtSchema', () => {
  it('says 31 February is not a real calendar date, as every other date field does', () => {
    expect(messages('2026-02-31')).toEqual([{ path: '/acceptedAt', message: 'Acceptance date must be a real calendar date.' }]);
  });

  it('still asks for a date or a timestamp when the value has neither shape', () => {
    expect(messages('28/11/2026')).toEqual([{ path: '/acceptedAt', message: 'Enter the acceptance date as a date (2026-11-28) or a timestamp (2026-11-28T10:15:00Z).' }]);
  });
});
