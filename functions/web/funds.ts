// Which fund a fund manager's or commissioner's page is about: the one chosen, else the first they may see.
import type { Context } from 'hono';
import { getOrFail, PageError } from './api-client.js';
import type { Fund, Page } from './api-types.js';
import type { WebEnv } from './env.js';

export const chosenFund = async (c: Context<WebEnv>): Promise<{ fund: Fund; funds: Fund[] }> => {
  const funds = (await getOrFail<Page<Fund>>(c, '/v1/funds')).items;
  const wanted = c.req.query('fundId');
  const fund = funds.find((f) => f.id === wanted) ?? funds[0];
  if (!fund) throw new PageError({ status: 404, code: 'not_found', title: 'Not found', detail: 'There is no fund for your organisation yet.' });
  return { fund, funds };
};
