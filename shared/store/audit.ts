// Reading and verifying the audit trail: a fund's events oldest first, and every chain behind them checked.
import { verifyChain, type AuditEvent, type ChainBreak, type ChainHead } from '../domain/audit.js';
import type { Store } from './client.js';
import { indexKeys, keys } from './keys.js';
import { batchGet, queryAll, queryPage } from './query.js';

export interface AuditFilter {
  readonly entityId?: string | undefined;
  /** An exact action, or every action under a prefix ending in "." (such as "payout_line."). */
  readonly action?: string | undefined;
  /** UTC ISO instants: events at or after `fromAt` and before `beforeAt`. */
  readonly fromAt?: string | undefined;
  readonly beforeAt?: string | undefined;
}

export const listAuditEvents = (store: Store, fundId: string, limit: number, cursor: string | undefined, filter: AuditFilter = {}) => {
  // The index sorts by `<at>#<id>`, so a time range is part of the key condition, not a filter.
  const range = filter.fromAt && filter.beforeAt ? ' AND gsi1sk BETWEEN :from AND :before' : filter.fromAt ? ' AND gsi1sk >= :from' : filter.beforeAt ? ' AND gsi1sk < :before' : '';
  const filters = [
    ...(filter.entityId ? ['entityId = :entity'] : []),
    ...(filter.action ? [filter.action.endsWith('.') ? 'begins_with(#action, :action)' : '#action = :action'] : []),
  ];
  return queryPage<AuditEvent & Record<string, unknown>>(
    store,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: `gsi1pk = :pk${range}`,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(filter.action ? { ExpressionAttributeNames: { '#action': 'action' } } : {}),
      ExpressionAttributeValues: {
        ':pk': indexKeys.audit(fundId),
        ...(filter.fromAt ? { ':from': filter.fromAt } : {}),
        // BETWEEN is inclusive: "<before>" sorts before any "<before>#<id>", so an event exactly at it is left out.
        ...(filter.beforeAt ? { ':before': filter.beforeAt } : {}),
        ...(filter.entityId ? { ':entity': filter.entityId } : {}),
        ...(filter.action ? { ':action': filter.action } : {}),
      },
    },
    limit,
    cursor,
  );
};

/** The item that heads each kind of chain, found from the chain's id (the entity's own id). */
const HEAD_KEYS: Record<string, (id: string) => { pk: string; sk: string }> = {
  org: keys.organisation,
  act: keys.activity,
  fund: keys.fund,
  agr: keys.agreement,
  ref: keys.referral,
  run: keys.payoutRun,
};

export interface VerifyResult {
  readonly ok: boolean;
  /** Events checked, across every chain that has an event in the fund's trail. */
  readonly checked: number;
  readonly chains: number;
  readonly firstBrokenId: string | null;
  readonly breaks: readonly (ChainBreak & { chainId: string })[];
}

/**
 * Verifies a fund's trail. The fund's index names the chains (the fund, its agreements, the referrals
 * it funded, its payout runs); the fund's own agreements and runs are added from their own indexes so
 * a chain cannot hide by losing all its events. Each chain is then read whole by its key, not through
 * the index, and checked event by event against its head item.
 */
export const verifyFundAudit = async (store: Store, fundId: string): Promise<VerifyResult> => {
  const indexed = await queryAll<AuditEvent & Record<string, unknown>>(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': indexKeys.audit(fundId) },
  });
  const chainIds = new Set<string>([fundId, ...indexed.map((e) => e.chainId)]);
  for (const agreement of await queryAll<{ id: string } & Record<string, unknown>>(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': indexKeys.fundAgreements(fundId) },
  })) chainIds.add(agreement.id);
  for (const run of await queryAll<{ id: string } & Record<string, unknown>>(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': indexKeys.fundRuns(fundId) },
  })) chainIds.add(run.id);

  const ids = [...chainIds].sort();
  const headKeys = ids.map((id) => HEAD_KEYS[id.split('_')[0] ?? '']?.(id));
  const heads = await batchGet(store, headKeys.filter((k) => k !== undefined));
  const breaks: (ChainBreak & { chainId: string; at: string })[] = [];
  let checked = 0;
  for (const [i, chainId] of ids.entries()) {
    const events = await queryAll<AuditEvent & Record<string, unknown>>(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': `CHAIN#${chainId}`, ':evt': 'EVT#' },
    });
    checked += events.length;
    const key = headKeys[i];
    const head = key ? (heads.get(`${key.pk}|${key.sk}`) as ChainHead | undefined) : undefined;
    const broken = verifyChain(events.map(asEvent), head ? { auditSeq: Number(head.auditSeq), auditHash: String(head.auditHash) } : undefined);
    if (broken) {
      const at = events.find((e) => e.id === broken.eventId)?.at ?? '';
      breaks.push({ ...broken, chainId, at });
    }
  }
  breaks.sort((a, b) => a.at.localeCompare(b.at));
  return {
    ok: breaks.length === 0,
    checked,
    chains: ids.length,
    firstBrokenId: breaks[0] ? (breaks[0].eventId ?? breaks[0].chainId) : null,
    breaks: breaks.map(({ at: _at, ...rest }) => rest),
  };
};

/** Exactly the fields the hash covers, whatever else the stored item carries. */
const asEvent = (item: Record<string, unknown>): AuditEvent => ({
  id: item.id as string,
  at: item.at as string,
  actor: item.actor as string,
  action: item.action as string,
  entityId: item.entityId as string,
  fundId: (item.fundId as string | null) ?? null,
  chainId: item.chainId as string,
  seq: Number(item.seq),
  data: (item.data as Record<string, unknown>) ?? {},
  prevHash: item.prevHash as string,
  hash: item.hash as string,
});
