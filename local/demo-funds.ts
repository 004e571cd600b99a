// The start-up banner's lines about the demo funds: each fund, its figures and who manages it.
import { formatDateRange, formatMoney } from '../shared/domain/format.js';
import type { Store } from '../shared/store/client.js';
import { listManagedFunds } from '../shared/store/lists.js';
import { getOrganisation } from '../shared/store/organisations.js';
import type { DemoUser } from './seed/demo.js';

/** Lines naming every fund the demo fund managers' organisations hold, with those managers. */
export const demoFundLines = async (store: Store, users: readonly DemoUser[]): Promise<string[]> => {
  const managers = users.filter((u) => u.roles.includes('fund_manager') && u.organisation);
  const lines: string[] = [];
  for (const organisationId of [...new Set(managers.map((m) => m.organisation!))]) {
    const organisation = await getOrganisation(store, organisationId);
    const names = managers.filter((m) => m.organisation === organisationId).map((m) => m.sub);
    for (const fund of await listManagedFunds(store, organisationId)) {
      lines.push(
        `  ${fund.name} (${fund.id})`,
        `    ${formatMoney(fund.totalPence)}, ${formatMoney(fund.availablePence)} available; ${formatDateRange(fund.startsOn, fund.endsOn)}`,
        `    managed by ${organisation?.name ?? organisationId}: ${names.join(', ')}`,
      );
    }
  }
  return lines;
};
