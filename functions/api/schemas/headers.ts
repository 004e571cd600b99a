// Request headers documented on the routes that take them.
import { z } from '@hono/zod-openapi';

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description: 'Same key and body within 24 hours replays the first response; another body is 422.',
    }),
});
