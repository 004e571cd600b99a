// Drafting a payout run: locking each open payable amount to one run, then its lines, resumably.
//
// Drafting is resumable: the run is created first and the fund points at it (one open draft per
// fund); payable amounts are then locked to it in chunks, each lock conditioned on the amount still
// being open, so no amount can ever sit in two runs; lines are computed from what was locked; the
// run is marked complete last. A crash part-way leaves a run that the next draft request resumes.
import { randomUUID } from 'node:crypto';
import { EMPTY_CHAIN } from '../domain/audit.js';
import { AppError } from '../domain/errors.js';
import type { IdFactory } from '../domain/ids.js';
import { groupPayables, linesDigest, type Grouped, type OrganisationPayoutState, type PayoutLine } from '../domain/payout-run.js';
import { auditedUpdate, auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { entities, itemOf } from './entities.js';
import type { StoredFund } from './funds.js';
import { accessPatterns, itemIndexes, keys, leavesIndex } from './keys.js';
import { getRun, lineIdFor, listRunPayables, openDraftPointer, type StoredRun } from './payout-run-item.js';
import { queryAll } from './query.js';
import { named, TransactionConditionFailed, transactWrite, type TransactPart } from './transact.js';

export interface DraftInput {
  readonly fund: StoredFund;
  readonly through: string;
  readonly actor: string;
  readonly at: string;
  readonly ids: IdFactory;
  readonly loadOrganisations: (ids: string[]) => Promise<Map<string, OrganisationPayoutState>>;
  /** What a new run would lock, already read by `planDraft` (for the same fund and `through`); used only if this request creates the run. */
  readonly plan?: Grouped;
}

/** The open amounts payable by `through`, grouped into the lines a new run would pay and the organisations held. */
export const planDraft = async (
  store: Store,
  fundId: string,
  through: string,
  loadOrganisations: DraftInput['loadOrganisations'],
): Promise<Grouped> => {
  const open = await queryAll(store, entities.payable, accessPatterns.openPayablesThrough(fundId, through));
  return groupPayables(open, await loadOrganisations([...new Set(open.map((p) => p.organisationId))]));
};

const CHUNK = 40;
/** What a request answers once another has taken its draft over. */
const takenOver = (runId: string, cause: unknown) =>
  new AppError('invalid_transition', `Run ${runId} is being drafted by another request; read it again shortly.`, { cause });
/** The name of the ownership check every drafting write carries. */
const OWNED = 'draftOwnership';

export const draftRun = async (store: Store, input: DraftInput): Promise<StoredRun> => {
  const { run, created } = await openOrCreateRun(store, input);
  // Every write below holds only while this request still owns the draft: a second request that
  // resumes it takes ownership, and this one then stops with a 409 instead of overwriting lines.
  const owned = named(OWNED, {
    ConditionCheck: {
      TableName: store.tableName,
      Key: keys.payoutRun(run.id),
      ConditionExpression: 'lockState = :locking AND lockOwner = :owner',
      ExpressionAttributeValues: { ':locking': 'locking', ':owner': run.lockOwner },
    },
  });
  const fenced = async (items: TransactPart[]) => {
    try {
      await transactWrite(store, [...items, owned]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed && error.failed(OWNED)) {
        throw takenOver(run.id, error);
      }
      throw error;
    }
  };
  // Lock every open amount payable by `through` for organisations that can receive transfers. A run
  // this request has just created locks what the route read to decide it was worth drafting; a
  // resumed one reads again for its own `through`.
  const { lines: payableLines, held } = created && input.plan ? input.plan : await planDraft(store, run.fundId, run.through, input.loadOrganisations);
  const toLock = payableLines.flatMap((l) => l.payables);
  for (let i = 0; i < toLock.length; i += CHUNK) {
    const items: TransactPart[] = toLock.slice(i, i + CHUNK).map((p) => lockPayable(store.tableName, run, p));
    try {
      await fenced(items);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      throw new AppError('unavailable', 'Payable amounts changed while drafting; submit the run again to resume it.', { cause: error });
    }
  }
  // Lines from everything locked to the run, including amounts locked by an interrupted earlier
  // attempt. The run's index is read eventually consistently, so it may not show yet what this request
  // has just locked: those are added from the locks themselves, or they would sit in the run in no line.
  const listed = await listRunPayables(store, run.id);
  const listedIds = new Set(listed.map((p) => p.id));
  const locked = [...listed, ...toLock.filter((p) => !listedIds.has(p.id))];
  const lineOrgs = new Map([...new Set(locked.map((p) => p.organisationId))].map((id) => [id, { id, stripeAccountId: 'locked', transfersCapability: 'active' }]));
  const grouped = groupPayables(locked, lineOrgs);
  const lines: PayoutLine[] = grouped.lines.map((l) => ({
    id: lineIdFor(run.id, l.organisationId),
    runId: run.id,
    fundId: run.fundId,
    organisationId: l.organisationId,
    amountPence: l.amountPence,
    referralCount: l.referralCount,
    blockInstalmentCount: l.blockInstalmentCount,
    payableCount: l.payables.length,
    status: 'pending',
    idempotencyKey: lineIdFor(run.id, l.organisationId),
    attempt: 1,
    stripeTransferId: null,
    failureCode: null,
    failureDefinitive: null,
    breakdown: l.breakdown,
  }));
  for (let i = 0; i < lines.length; i += 25) {
    await fenced(
      lines.slice(i, i + 25).map((line) => ({
        Put: { TableName: store.tableName, Item: itemOf(entities.payoutLine, line) },
      })),
    );
  }
  const totalPence = lines.reduce((sum, l) => sum + l.amountPence, 0);
  const audit = auditWrite(store.tableName, run, run.id, {
    eventId: input.ids('event', new Date(input.at)),
    at: input.at,
    actor: input.actor,
    action: 'payout_run.drafted',
    entityId: run.id,
    fundId: run.fundId,
    data: { totalPence, ...linesDigest(lines), held },
  });
  try {
    await transactWrite(store, [
      auditedUpdate(store.tableName, keys.payoutRun(run.id), audit, {
        set: { lockState: 'complete', totalPence, held, lineCount: lines.length },
        condition: { expression: 'lockState = :locking AND lockOwner = :owner', values: { ':locking': 'locking', ':owner': run.lockOwner } },
      }),
      { Put: audit.put },
    ]);
  } catch (error) {
    // Another request took the draft over after this one's last fenced write (and may have completed
    // it): the run is theirs, as for any fenced write above.
    if (!(error instanceof TransactionConditionFailed)) throw error;
    throw takenOver(run.id, error);
  }
  return (await getRun(store, run.id))!;
};

/** The fund's open draft if drafting was interrupted, or a new run; a complete draft must be approved first. */
const openOrCreateRun = async (store: Store, input: DraftInput): Promise<{ run: StoredRun; created: boolean }> => {
  if (input.fund.openRunId) {
    const existing = await getRun(store, input.fund.openRunId);
    if (existing && existing.lockState !== 'complete') {
      // Resume an interrupted draft: take it over, so an older request still at work stops.
      const lockOwner = randomUUID();
      try {
        await transactWrite(store, [
          {
            Update: {
              TableName: store.tableName,
              Key: keys.payoutRun(existing.id),
              UpdateExpression: 'SET lockOwner = :owner',
              ConditionExpression: 'lockState = :locking',
              ExpressionAttributeValues: { ':owner': lockOwner, ':locking': 'locking' },
            },
          },
        ]);
      } catch (error) {
        if (error instanceof TransactionConditionFailed) throw new AppError('invalid_transition', `Run ${existing.id} was completed meanwhile; read it again.`, { cause: error });
        throw error;
      }
      return { run: { ...existing, lockOwner }, created: false };
    }
    throw new AppError('invalid_transition', `Fund ${input.fund.id} already has draft run ${input.fund.openRunId}; approve it before drafting another.`);
  }
  const now = new Date(input.at);
  const run: StoredRun = {
    id: input.ids('payoutRun', now),
    fundId: input.fund.id,
    status: 'draft',
    through: input.through,
    createdBy: input.actor,
    createdAt: input.at,
    approvedBy: null,
    approvedAt: null,
    totalPence: 0,
    held: [],
    progress: { total: 0, paid: 0, failed: 0 },
    lockState: 'locking',
    lockOwner: randomUUID(),
    paidCount: 0,
    failedCount: 0,
    lineCount: 0,
    ...EMPTY_CHAIN,
  };
  const audit = auditWrite(store.tableName, EMPTY_CHAIN, run.id, {
    eventId: input.ids('event', now),
    at: input.at,
    actor: input.actor,
    action: 'payout_run.created',
    entityId: run.id,
    fundId: run.fundId,
    data: { through: run.through },
  });
  const { progress: _progress, ...stored } = run;
  try {
    await transactWrite(store, [
      {
        Put: {
          TableName: store.tableName,
          Item: itemOf(entities.payoutRun, run, { ...stored, ...audit.headFields }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      named(OPEN_DRAFT, openDraftPointer(store.tableName, run.fundId, run.id, 'set')),
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failed(OPEN_DRAFT)) {
      throw new AppError('invalid_transition', `Fund ${run.fundId} already has a draft run; approve it before drafting another.`, { cause: error });
    }
    throw error;
  }
  return { run: { ...run, ...audit.headFields }, created: true };
};


/** The fund's pointer to its one open draft; its condition failing means another draft got there first. */
const OPEN_DRAFT = 'fundOpenDraft';

/** Locks an open amount to the run: out of the fund's open index, into the run's. */
const lockPayable = (tableName: string, run: StoredRun, p: { id: string; organisationId: string }): TransactPart => {
  const runIndex = itemIndexes.lockedPayable(run.id, p.id);
  const [pkName, skName] = Object.keys(runIndex) as [string, string];
  return {
    Update: {
      TableName: tableName,
      Key: keys.payable(run.fundId, p.id),
      UpdateExpression: `SET #status = :inRun, runId = :run, lineId = :line, #runPk = :runPk, #runSk = :runSk REMOVE ${leavesIndex.openPayables}`,
      // An amount sits in one run at most: it is locked only while still open.
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status', '#runPk': pkName, '#runSk': skName },
      ExpressionAttributeValues: {
        ':inRun': 'in_run',
        ':open': 'open',
        ':run': run.id,
        ':line': lineIdFor(run.id, p.organisationId),
        ':runPk': runIndex[pkName],
        ':runSk': runIndex[skName],
      },
    },
  };
};
