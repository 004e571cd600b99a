// The remittance advice for a paid line: exactly the amounts locked to it, adding up to its transfer.
import { AppError } from '../../shared/domain/errors.js';
import type { Payable, PayoutLine } from '../../shared/domain/payout-run.js';
import type { Store } from '../../shared/store/client.js';
import { entities } from '../../shared/store/entities.js';
import { keyId, keys } from '../../shared/store/keys.js';
import { listRunPayables } from '../../shared/store/payout-run-item.js';
import { batchGet } from '../../shared/store/query.js';
import { formatDate, formatMoney } from '../../shared/domain/format.js';

export interface RemittanceAdvice {
  readonly runId: string;
  readonly lineId: string;
  readonly organisationId: string;
  readonly transferId: string;
  readonly totalPence: number;
  readonly referrals: readonly { referralId: string; activityName: string; acceptedOn: string | null; amountPence: number }[];
  readonly instalments: readonly { agreementId: string; payableOn: string; amountPence: number }[];
  /** Amounts paid again after a reversal of an earlier line. */
  readonly repaid: readonly { reversalOf: string; amountPence: number }[];
}

type LockedPayable = Payable & { lineId?: string; reversalOf?: string | null };

/**
 * Reads the amounts locked to the line (by its id, set when the run locked them) and refuses to
 * describe a payment whose parts do not add up to what was transferred: a wrong advice is never sent.
 */
export const buildRemittance = async (store: Store, line: PayoutLine, transferId: string): Promise<RemittanceAdvice> => {
  const payables = ((await listRunPayables(store, line.runId)) as LockedPayable[])
    .filter((p) => p.lineId === line.id)
    .sort((a, b) => a.payableOn.localeCompare(b.payableOn) || a.id.localeCompare(b.id));
  const referralIds = payables.flatMap((p) => (p.referralId ? [p.referralId] : []));
  const referrals = await batchGet(store, entities.referral, referralIds.map((id) => keys.referral(id)));
  const activityIds = [...new Set([...referrals.values()].map((r) => r.activityId))];
  const activities = await batchGet(store, entities.activity, activityIds.map((id) => keys.activity(id)));
  const activityName = (id: string | undefined) => (id && activities.get(keyId(keys.activity(id)))?.name) || 'an activity';

  const advice: RemittanceAdvice = {
    runId: line.runId,
    lineId: line.id,
    organisationId: line.organisationId,
    transferId,
    totalPence: payables.reduce((sum, p) => sum + p.amountPence, 0),
    referrals: payables
      .filter((p) => p.referralId)
      .map((p) => {
        const referral = referrals.get(keyId(keys.referral(p.referralId!)));
        return {
          referralId: p.referralId!,
          activityName: activityName(referral?.activityId),
          acceptedOn: referral?.acceptedAt ?? null,
          amountPence: p.amountPence,
        };
      }),
    instalments: payables
      .filter((p) => !p.referralId && !p.reversalOf)
      .map((p) => ({ agreementId: p.agreementId, payableOn: p.payableOn, amountPence: p.amountPence })),
    repaid: payables.filter((p) => !p.referralId && p.reversalOf).map((p) => ({ reversalOf: p.reversalOf!, amountPence: p.amountPence })),
  };
  if (advice.totalPence !== line.amountPence) {
    throw new AppError('internal', `Line ${line.id} pays ${formatMoney(line.amountPence)} but its locked amounts add up to ${formatMoney(advice.totalPence)}; no remittance advice sent.`);
  }
  return advice;
};

/**
 * The bank line the treasurer will find: a charity's bank shows a Stripe payout from its own Stripe
 * account, which Stripe makes a day or more after the transfer. An advice sent once the payout is
 * known names it; one sent at the transfer (the usual case) says where it will be named.
 */
export const bankPayout = (line: Pick<PayoutLine, 'stripePayoutId' | 'payoutArrivalDate'>): string =>
  line.stripePayoutId && line.payoutArrivalDate
    ? `Stripe payout ${line.stripePayoutId}, arriving on ${formatDate(line.payoutArrivalDate)}`
    : 'Stripe pays this into your bank account as a payout from your Stripe account, usually one or two working days later. Your statement names the payout and the day it arrives once Stripe has sent it.';

/** The advice as the template's lists: one bullet per referral, instalment and repaid amount. */
export const remittanceLists = (advice: RemittanceAdvice) => ({
  referrals: advice.referrals.length
    ? advice.referrals.map((r) => `${r.referralId}: ${r.activityName}${r.acceptedOn ? `, accepted ${formatDate(r.acceptedOn)}` : ''}, ${formatMoney(r.amountPence)}`)
    : 'None',
  instalments: advice.instalments.length
    ? advice.instalments.map((i) => `Agreement ${i.agreementId}, instalment payable from ${formatDate(i.payableOn)}, ${formatMoney(i.amountPence)}`)
    : 'None',
  other_amounts: advice.repaid.length ? advice.repaid.map((r) => `Paid again after the reversal of line ${r.reversalOf}: ${formatMoney(r.amountPence)}`) : 'None',
});
