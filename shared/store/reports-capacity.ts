// The capacity report: every period of every agreement that has not ended, used or not (the unused
// ones are what a commissioner most needs to see), and every period of an ended agreement that was used.
import type { Agreement } from '../domain/agreement.js';
import { periodsBetween } from '../domain/periods.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { fundAgreementsAll } from './exports.js';
import { accessPatterns } from './keys.js';
import type { Page } from './pagination.js';
import { pageOf } from './reports-pages.js';
import { queryAll } from './query.js';

export interface CapacityReportRow {
  readonly agreementId: string;
  readonly organisationId: string;
  readonly activityId: string | null;
  readonly kind: Agreement['kind'];
  readonly periodKey: string;
  readonly startsOn: string;
  readonly endsOn: string;
  /** Accepted referrals allowed in the period; null when uncapped. */
  readonly capacity: number | null;
  readonly used: number;
  /** capacity − used, or null when uncapped. */
  readonly remaining: number | null;
}

const rowKey = (r: Pick<CapacityReportRow, 'agreementId' | 'periodKey'>) => `${r.agreementId}#${r.periodKey}`;

/** Every row, in agreement then period order. Agreements and their counters grow with agreements × periods, never with referrals. */
export const capacityRows = async (store: Store, fundId: string, today: string): Promise<CapacityReportRow[]> => {
  const [agreements, counters] = await Promise.all([fundAgreementsAll(store, fundId), queryAll(store, entities.periodCounter, accessPatterns.fundCapacity(fundId))]);
  const used = new Map(counters.map((c) => [rowKey(c), c.used]));
  const rows: CapacityReportRow[] = [];
  for (const a of agreements) {
    const ongoing = a.endsOn >= today;
    for (const period of periodsBetween(a.period, a.startsOn, a.endsOn)) {
      const count = used.get(rowKey({ agreementId: a.id, periodKey: period.key })) ?? 0;
      if (!ongoing && count === 0) continue;
      rows.push({
        agreementId: a.id,
        organisationId: a.organisationId,
        activityId: a.activityId,
        kind: a.kind,
        periodKey: period.key,
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        capacity: a.capacity,
        used: count,
        remaining: a.capacity === null ? null : Math.max(0, a.capacity - count),
      });
    }
  }
  return rows.sort((x, y) => x.agreementId.localeCompare(y.agreementId) || x.periodKey.localeCompare(y.periodKey));
};

/** One page of the capacity report. */
export const capacityReport = async (store: Store, fundId: string, today: string, limit: number, cursor: string | undefined): Promise<Page<CapacityReportRow>> =>
  pageOf(await capacityRows(store, fundId, today), rowKey, limit, cursor);
