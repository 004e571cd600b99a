// The day after the demo's paid run: Stripe pays each charity's balance out to its bank, and the webhook names that payout on the run's lines.
//
// Production's path, not a shortcut: the sandbox makes the connected account's payout and sends a
// signed `payout.paid` to the running app's Connect endpoint; the webhook handler reads which
// transfers the payout carried and writes `stripePayoutId` and `payoutArrivalDate` on their lines.
import type { Store } from '../../shared/store/client.js';
import { getOrganisation } from '../../shared/store/organisations.js';
import type { Caller, ClockedApi } from './clocked-api.js';
import { poll } from './poll.js';
import type { StripeClock } from './stripe-clock.js';

/** The local sandbox standing in for Stripe: its clock, and Stripe's automatic payout of a connected account. */
export interface DemoSandbox {
  readonly clock: StripeClock;
  /** Pays out everything available on the account; undefined when nothing is. */
  payOut(accountId: string): { id: string } | undefined;
  /** Resolves once every event sent so far has been answered by the app (or given up on). */
  webhooksIdle(): Promise<void>;
}

interface RunLine {
  readonly organisationId: string;
  readonly stripeTransferId: string | null;
  readonly stripePayoutId: string | null;
}

/** Pays out every account the run paid, at the API's current instant, and waits until each line names its payout. */
export const payOutRun = async (api: ClockedApi, store: Store, sandbox: DemoSandbox, manager: Caller, runId: string): Promise<void> => {
  const lines = async () => ((await api.get(manager, `/v1/payout-runs/${runId}`)).lines as RunLine[]);
  const accounts = new Set<string>();
  for (const line of await lines()) {
    const accountId = (await getOrganisation(store, line.organisationId))?.stripeAccountId;
    if (accountId) accounts.add(accountId);
  }
  for (const accountId of accounts) sandbox.payOut(accountId);
  // Answered means handled: the app replies only after the handler has written what the event changes.
  await sandbox.webhooksIdle();
  // Only a line Stripe paid has a transfer for a payout to carry.
  const carried = async () => (await lines()).every((line) => line.stripeTransferId === null || line.stripePayoutId !== null);
  await poll('Stripe’s payout.paid to name the payouts on the paid run', carried);
};
