// Reading and verifying the audit trail: a fund's events oldest first, and every chain behind them checked.
import * as z from 'zod';
import { verifyChain, type AuditEvent, type ChainBreak } from '../domain/audit.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { entity } from './entity.js';
import { accessPatterns, keyId, keys, partitionQuery, sortPrefix } from './keys.js';
import { batchGet, queryAll, queryPage } from './query.js';

export interface AuditFilter {
  readonly entityId?: string | undefined;
  /** An exact action, or every action under a prefix ending in "." (such as "payout_line."). */
  readonly action?: string | undefined;
  /** UTC ISO instants: events at or after `fromAt` and before `beforeAt`. */
  readonly fromAt?: string | undefined;
  readonly beforeAt?: string | undefined;
}

/** A fund's events oldest first; a time range narrows the key condition, entity and action are filters. */
export const listAuditEvents = (store: Store, fundId: string, limit: number, cursor: string | undefined, filter: AuditFilter = {}) => {
  const base = accessPatterns.fundAuditWithin(fundId, filter);
  const filters = [
    ...(filter.entityId ? ['entityId = :entity'] : []),
    ...(filter.action ? [filter.action.endsWith('.') ? 'begins_with(#action, :action)' : '#action = :action'] : []),
  ];
  return queryPage(
    store,
    entities.auditEvent,
    {
      ...base,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(filter.action ? { ExpressionAttributeNames: { '#action': 'action' } } : {}),
      ExpressionAttributeValues: {
        ...base.ExpressionAttributeValues,
        ...(filter.entityId ? { ':entity': filter.entityId } : {}),
        ...(filter.action ? { ':action': filter.action } : {}),
      },
    },
    limit,
    cursor,
  );
};

/** Any item that heads a chain (organisation, activity, fund, agreement, referral, run), read only for its head. */
const chainHead = entity('chain head', z.looseObject({ auditSeq: z.number().int().nonnegative(), auditHash: z.string() }));

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
  const indexed = await queryAll(store, entities.auditEvent, accessPatterns.fundAudit(fundId));
  const chainIds = new Set<string>([fundId, ...indexed.map((e) => e.chainId)]);
  for (const agreement of await queryAll(store, entities.agreement, accessPatterns.fundAgreements(fundId))) chainIds.add(agreement.id);
  for (const run of await queryAll(store, entities.payoutRun, accessPatterns.fundRuns(fundId))) chainIds.add(run.id);

  const ids = [...chainIds].sort();
  const headKeys = ids.map((id) => HEAD_KEYS[id.split('_')[0] ?? '']?.(id));
  const heads = await batchGet(store, chainHead, headKeys.filter((k) => k !== undefined));
  const breaks: (ChainBreak & { chainId: string; at: string })[] = [];
  let checked = 0;
  for (const [i, chainId] of ids.entries()) {
    const events = await queryAll(store, entities.auditEvent, partitionQuery(keys.auditChain(chainId), sortPrefix.auditEvent));
    checked += events.length;
    const key = headKeys[i];
    const head = key ? heads.get(keyId(key)) : undefined;
    const broken = verifyChain(events.map(asEvent), head ? { auditSeq: head.auditSeq, auditHash: head.auditHash } : undefined);
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
const asEvent = (e: AuditEvent): AuditEvent => ({
  id: e.id,
  at: e.at,
  actor: e.actor,
  action: e.action,
  entityId: e.entityId,
  fundId: e.fundId,
  chainId: e.chainId,
  seq: e.seq,
  data: e.data,
  prevHash: e.prevHash,
  hash: e.hash,
});
