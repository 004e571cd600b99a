// The statement's tables: each payment with the bank payout that carried it and what it paid for, what is not paid yet, held and reversed.
import { Details } from '../components/details.js';
import { Table, Tag, Warning, type TagColour } from '../components/ui.js';
import { count, date, money, period } from '../format.js';
import type { StatementEntry, StatementFund, StatementPaid } from './statement-types.js';

const STATE: Record<StatementEntry['state'], readonly [string, TagColour]> = {
  not_yet_due: ['Not yet due', 'grey'],
  due: ['Due in the next payment run', 'blue'],
  held: ['Held back', 'orange'],
  in_payment: ['Being paid', 'aqua-green'],
  paid: ['Paid', 'green'],
  reversed: ['Reversed', 'red'],
};

/** Why money is held back, in words a treasurer can act on; an unknown reason falls back to the API's own words. */
const HOLD: Record<string, { readonly why: string; readonly link?: readonly [string, string] }> = {
  no_stripe_account: { why: 'Your organisation has not set up payments with Stripe yet.', link: ['/payments-setup', 'Set up payments'] },
  transfers_not_active: { why: 'Stripe has not finished checking your organisation’s details, so it cannot pay you yet.', link: ['/payments-setup', 'Finish setting up payments'] },
  in_draft_run: { why: 'It is in a payment run waiting for a second fund manager to approve it.' },
  payment_failed: { why: 'Stripe turned the payment down. A fund manager can try it again.' },
};

/** More items than this fold into a details component, so a phone shows the payment, not a long list. */
const SHORT_LIST = 3;
const SHORT_TABLE = 3;

/** What an amount paid for, as a treasurer knows it: the referral's client reference, or the instalment's month. */
const itemName = (e: StatementEntry): string => {
  if (e.kind === 'returned') return 'Paid again after a reversal';
  if (e.kind === 'instalment') return `Block instalment${e.periodKey ? ` for ${period(e.periodKey)}` : ''}`;
  return `Referral ${e.clientRef ?? ''}`.trim();
};

const itemLine = (e: StatementEntry): string => `${itemName(e)}${e.kind === 'referral' && e.acceptedAt ? `, accepted ${date(e.acceptedAt)}` : ''}: ${money(e.amountPence)}`;

/** "2 referrals and 1 block instalment" */
const whatWords = (items: readonly StatementEntry[]): string => {
  const referrals = items.filter((e) => e.kind === 'referral').length;
  const instalments = items.filter((e) => e.kind === 'instalment').length;
  const other = items.length - referrals - instalments;
  const parts = [referrals ? count(referrals, 'referral') : '', instalments ? count(instalments, 'block instalment') : '', other ? count(other, 'amount paid again', 'amounts paid again') : ''].filter(Boolean);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'Nothing recorded');
};

const PaidFor = ({ items }: { items: readonly StatementEntry[] }) => {
  const list = (
    <ul class="nhsuk-list nhsuk-body-s pop-compact-list">
      {items.map((e) => (
        <li>{itemLine(e)}</li>
      ))}
    </ul>
  );
  return items.length > SHORT_LIST ? <Details summary={whatWords(items)}>{list}</Details> : list;
};

const ToTheBank = ({ paid, today }: { paid: StatementPaid; today: string }) => (
  <div class="pop-cell">
    {paid.stripePayoutId ? (
      <>
        <span class="pop-break">{`Stripe payout ${paid.stripePayoutId}`}</span>
        <br />
        {paid.payoutArrivalDate ? `${paid.payoutArrivalDate <= today ? 'Arrived' : 'Arrives'} ${date(paid.payoutArrivalDate)}` : 'Arrival date not known yet'}
      </>
    ) : (
      'Waiting for Stripe to pay it into your bank account'
    )}
    {paid.stripeTransferId ? <span class="nhsuk-body-s pop-reference">{`Stripe transfer ${paid.stripeTransferId}`}</span> : null}
  </div>
);

/** `today` is the London date (`YYYY-MM-DD`), for whether a payout has arrived or is still to. */
export const Payments = ({ paid, today }: { paid: readonly StatementPaid[]; today: string }) =>
  paid.length === 0 ? (
    <p>No payments in these dates.</p>
  ) : (
    <Table
      caption="Payments"
      captionSize="s"
      head={['Paid on', 'Amount', 'To your bank', 'What it paid for']}
      numeric={[1]}
      rows={paid.map((p) => [
        date(p.paidAt),
        <div class="pop-cell">
          {money(p.amountPence)}
          {p.reversedPence > 0 ? <span class="nhsuk-body-s pop-reference">{`${money(p.reversedPence)} reversed since`}</span> : null}
        </div>,
        <ToTheBank paid={p} today={today} />,
        <div class="pop-cell">
          <PaidFor items={p.paidFor} />
        </div>,
      ])}
    />
  );

export const HeldBack = ({ held }: { held: StatementFund['held'] }) =>
  held.length === 0 ? null : (
    <Warning heading={`${money(held.reduce((sum, h) => sum + h.amountPence, 0))} held back`}>
      <ul>
        {held.map((h) => {
          const words = HOLD[h.reason];
          return (
            <li>
              {`${money(h.amountPence)}: ${words?.why ?? h.detail}`}
              {words?.link ? <> <a href={words.link[0]}>{words.link[1]}</a></> : null}
            </li>
          );
        })}
      </ul>
    </Warning>
  );

export const Reversed = ({ fund }: { fund: StatementFund }) => {
  if (fund.reversed.length === 0) return null;
  const paidOn = new Map(fund.paid.map((p) => [p.lineId, p.paidAt]));
  return (
    <Table
      caption="Reversed payments"
      captionSize="s"
      head={['Reversed on', 'Amount', 'Of the payment made on']}
      numeric={[1]}
      rows={fund.reversed.map((r) => [date(r.reversedAt), money(r.amountPence), paidOn.has(r.lineId) ? date(paidOn.get(r.lineId)) : 'An earlier payment'])}
    />
  );
};

/** Everything earned and not (or no longer) paid: paid amounts are listed under their payment already. */
export const NotPaidYet = ({ fund }: { fund: StatementFund }) => {
  const open = [...fund.earned, ...fund.returned].filter((e) => e.state !== 'paid');
  if (open.length === 0) return <p>Everything earned in these dates has been paid.</p>;
  const table = (
    <Table
      caption={`Earned, not paid yet (${money(open.reduce((sum, e) => sum + e.amountPence, 0))})`}
      captionSize="s"
      head={['Item', 'Amount', 'Where it stands']}
      numeric={[1]}
      rows={open.map((e) => [
        <div class="pop-cell">
          {itemName(e)}
          <span class="nhsuk-body-s pop-reference">{`${e.acceptedAt ? `Accepted ${date(e.acceptedAt)}, p` : 'P'}ayable from ${date(e.payableOn)}`}</span>
        </div>,
        money(e.amountPence),
        <Tag colour={STATE[e.state][1]}>{STATE[e.state][0]}</Tag>,
      ])}
    />
  );
  return open.length > SHORT_TABLE ? <Details summary={`Show the ${count(open.length, 'amount')} not paid yet`}>{table}</Details> : table;
};
