// Payout runs in the table: drafting (locking each payable amount to one run), approval, reads.
//
// Drafting is resumable: the run is created first and the fund points at it (one open draft per
// fund); payable amounts are then locked to it in chunks, each lock conditioned on the amount still
// being open, so no amount can ever sit in two runs; lines are computed from what was locked; the
// run is marked complete last. A crash part-way leaves a run that the next draft request resumes.
import { randomUUID } from 'node:crypto';
import { EMPTY_CHAIN } from '../domain/audit.js';
import { AppError } from '../domain/errors.js';
import { groupPayables, type OrganisationPayoutState, type Payable, type PayoutLine, type PayoutRun } from '../domain/payout-run.js';
import { auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import type { StoredFund } from './funds.js';
import { indexKeys, keys } from './keys.js';
import { getItem, queryAll } from './query.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';
import type { IdFactory } from '../domain/ids.js';

export type StoredRun = PayoutRun & {
  auditSeq: number;
  auditHash: string;
  lockState: 'locking' | 'complete';
  /** Which drafting request may still write to the run while it is being locked. */
  lockOwner: string;
  paidCount: number;
  failedCount: number;
  lineCount: number;
};

export interface DraftInput {
  readonly fund: StoredFund & { openRunId?: string };
  readonly through: string;
  readonly actor: string;
  readonly at: string;
  readonly ids: IdFactory;
  readonly loadOrganisations: (ids: string[]) => Promise<Map<string, OrganisationPayoutState>>;
}

const CHUNK = 40;

export const getRun = async (store: Store, id: string): Promise<StoredRun | undefined> => {
  const run = await getItem<StoredRun & Record<string, unknown>>(store, keys.payoutRun(id));
  return run && withProgress(run);
};

const withProgress = (run: StoredRun): StoredRun => ({
  ...run,
  progress: { total: run.lineCount ?? 0, paid: run.paidCount ?? 0, failed: run.failedCount ?? 0 },
});

export const listLines = (store: Store, runId: string) =>
  queryAll<PayoutLine & Record<string, unknown>>(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :line)',
    ExpressionAttributeValues: { ':pk': keys.payoutRun(runId).pk, ':line': 'LINE#' },
  });

/** Payable amounts locked to a run (the run's referrals and instalments). */
export const listRunPayables = (store: Store, runId: string) =>
  queryAll<Payable & Record<string, unknown>>(store, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': `RUN#${runId}` },
  });

export const lineIdFor = (runId: string, organisationId: string) => `line_${runId.slice(4)}_${organisationId.slice(4)}`;

export const draftRun = async (store: Store, input: DraftInput): Promise<StoredRun> => {
  const run = await openOrCreateRun(store, input);
  // Every write below holds only while this request still owns the draft: a second request that
  // resumes it takes ownership, and this one then stops with a 409 instead of overwriting lines.
  const owned: TransactItem = {
    ConditionCheck: {
      TableName: store.tableName,
      Key: keys.payoutRun(run.id),
      ConditionExpression: 'lockState = :locking AND lockOwner = :owner',
      ExpressionAttributeValues: { ':locking': 'locking', ':owner': run.lockOwner },
    },
  };
  const fenced = async (items: TransactItem[]) => {
    try {
      await transactWrite(store, [...items, owned]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed && error.failedAt(items.length)) {
        throw new AppError('invalid_transition', `Run ${run.id} is being drafted by another request; read it again shortly.`, { cause: error });
      }
      throw error;
    }
  };
  // Lock every open amount payable by `through` for organisations that can receive transfers.
  const open = await queryAll<Payable & Record<string, unknown>>(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :through',
    ExpressionAttributeValues: { ':pk': indexKeys.openPayables(run.fundId), ':through': `${run.through}#~` },
  });
  const orgs = await input.loadOrganisations([...new Set(open.map((p) => p.organisationId))]);
  const { lines: payableLines, held } = groupPayables(open, orgs);
  const toLock = payableLines.flatMap((l) => l.payables);
  for (let i = 0; i < toLock.length; i += CHUNK) {
    const items: TransactItem[] = toLock.slice(i, i + CHUNK).map((p) => ({
      Update: {
        TableName: store.tableName,
        Key: keys.payable(run.fundId, p.id),
        UpdateExpression: 'SET #status = :inRun, runId = :run, lineId = :line, gsi2pk = :gsi2pk, gsi2sk = :id REMOVE gsi1pk, gsi1sk',
        // An amount sits in one run at most: it is locked only while still open.
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':inRun': 'in_run',
          ':open': 'open',
          ':run': run.id,
          ':line': lineIdFor(run.id, p.organisationId),
          ':gsi2pk': `RUN#${run.id}`,
          ':id': p.id,
        },
      },
    }));
    try {
      await fenced(items);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      throw new AppError('unavailable', 'Payable amounts changed while drafting; submit the run again to resume it.', { cause: error });
    }
  }
  // Lines from everything locked to the run, including amounts locked by an interrupted earlier attempt.
  const locked = await listRunPayables(store, run.id);
  const lineOrgs = new Map([...new Set(locked.map((p) => p.organisationId))].map((id) => [id, { id, stripeAccountId: 'locked', transfersCapability: 'active' }]));
  const grouped = groupPayables(locked, lineOrgs);
  const lines: PayoutLine[] = grouped.lines.map((l) => ({
    id: lineIdFor(run.id, l.organisationId),
    runId: run.id,
    fundId: run.fundId,
    organisationId: l.organisationId,
    amountPence: l.amountPence,
    referralCount: l.referralCount,
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
        Put: { TableName: store.tableName, Item: { ...keys.payoutLine(run.id, line.id), entity: 'payout_line', ...line } },
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
    data: { totalPence, lines: lines.map((l) => ({ id: l.id, organisationId: l.organisationId, amountPence: l.amountPence })), held },
  });
  await transactWrite(store, [
    {
      Update: {
        TableName: store.tableName,
        Key: keys.payoutRun(run.id),
        UpdateExpression: 'SET lockState = :complete, totalPence = :total, held = :held, lineCount = :count, auditSeq = :seq, auditHash = :hash',
        ConditionExpression: 'auditSeq = :prev AND lockState = :locking AND lockOwner = :owner',
        ExpressionAttributeValues: {
          ':locking': 'locking',
          ':owner': run.lockOwner,
          ':complete': 'complete',
          ':total': totalPence,
          ':held': held,
          ':count': lines.length,
          ':seq': audit.headFields.auditSeq,
          ':hash': audit.headFields.auditHash,
          ':prev': audit.expectedSeq,
        },
      },
    },
    { Put: audit.put },
  ]);
  return (await getRun(store, run.id))!;
};

/** The fund's open draft if drafting was interrupted, or a new run; a complete draft must be approved first. */
const openOrCreateRun = async (store: Store, input: DraftInput): Promise<StoredRun> => {
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
      return { ...existing, lockOwner };
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
          Item: { ...keys.payoutRun(run.id), gsi1pk: indexKeys.fundRuns(run.fundId), gsi1sk: run.id, entity: 'payout_run', ...stored, ...audit.headFields },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: store.tableName,
          Key: keys.fund(run.fundId),
          UpdateExpression: 'SET openRunId = :run',
          // One open draft per fund, so two drafts never split the same amounts between them.
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openRunId)',
          ExpressionAttributeValues: { ':run': run.id },
        },
      },
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedAt(1)) {
      throw new AppError('invalid_transition', `Fund ${run.fundId} already has a draft run; approve it before drafting another.`, { cause: error });
    }
    throw error;
  }
  return { ...run, ...audit.headFields };
};

/** draft → approved by a second fund manager; the fund may then draft its next run. */
export const approveRun = async (store: Store, run: StoredRun, input: { actor: string; at: string; eventId: string }): Promise<StoredRun> => {
  if (run.createdBy === input.actor) {
    throw new AppError('four_eyes_required', 'A payout run must be approved by a fund manager other than the one who drafted it.');
  }
  if (run.status !== 'draft' || run.lockState !== 'complete') {
    throw new AppError('invalid_transition', `Run ${run.id} is ${run.status}; only a complete draft can be approved.`);
  }
  const audit = auditWrite(store.tableName, run, run.id, {
    eventId: input.eventId,
    at: input.at,
    actor: input.actor,
    action: 'payout_run.approved',
    entityId: run.id,
    fundId: run.fundId,
    data: { from: 'draft', to: 'approved', totalPence: run.totalPence },
  });
  try {
    await transactWrite(store, [
      {
        Update: {
          TableName: store.tableName,
          Key: keys.payoutRun(run.id),
          UpdateExpression: 'SET #status = :approved, approvedBy = :by, approvedAt = :at, auditSeq = :seq, auditHash = :hash',
          ConditionExpression: '#status = :draft AND auditSeq = :prev AND createdBy <> :by',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':approved': 'approved',
            ':draft': 'draft',
            ':by': input.actor,
            ':at': input.at,
            ':seq': audit.headFields.auditSeq,
            ':hash': audit.headFields.auditHash,
            ':prev': audit.expectedSeq,
          },
        },
      },
      {
        Update: {
          TableName: store.tableName,
          Key: keys.fund(run.fundId),
          UpdateExpression: 'REMOVE openRunId',
          ConditionExpression: 'openRunId = :run',
          ExpressionAttributeValues: { ':run': run.id },
        },
      },
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) {
      throw new AppError('invalid_transition', `Run ${run.id} changed while being approved; read it again.`, { cause: error });
    }
    throw error;
  }
  return (await getRun(store, run.id))!;
};
