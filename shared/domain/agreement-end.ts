// Ending an agreement early: it runs to the end of the current period, whose instalment stays payable.
import { blockInstalments, type Agreement, type Instalment } from './agreement.js';
import { AppError } from './errors.js';
import { formatDate } from './format.js';
import { periodsBetween } from './periods.js';

export interface Ending {
  /** The agreement's last day from now on: the end of the period containing today. */
  readonly endsOn: string;
  /** Block instalments of the periods after that, whose reservation returns to the fund. */
  readonly released: readonly Instalment[];
  /** What the agreement is now worth (block only): the instalments it keeps. */
  readonly amountPence: number | null;
}

/**
 * Where an agreement ends if ended on `today` (a London date). One not yet started ends before it
 * begins, keeping nothing; one already over, or already ended, cannot be ended again.
 */
export const endingOf = (agreement: Agreement & { endedAt?: string | null }, today: string): Ending => {
  if (agreement.endedAt) throw new AppError('invalid_transition', `Agreement ${agreement.id} was already ended; it ends on ${formatDate(agreement.endsOn)}.`);
  if (today > agreement.endsOn) throw new AppError('invalid_transition', `Agreement ${agreement.id} ended on ${formatDate(agreement.endsOn)}.`);
  const periods = periodsBetween(agreement.period, agreement.startsOn, agreement.endsOn);
  const current = periods.find((p) => p.startsOn <= today && today <= p.endsOn);
  const kept = current ? periods.slice(0, periods.indexOf(current) + 1).map((p) => p.key) : [];
  const instalments = agreement.kind === 'block' ? blockInstalments(agreement) : [];
  const released = instalments.filter((i) => !kept.includes(i.periodKey));
  return {
    endsOn: current?.endsOn ?? dayBefore(agreement.startsOn),
    released,
    amountPence: agreement.kind === 'block' ? instalments.filter((i) => kept.includes(i.periodKey)).reduce((sum, i) => sum + i.amountPence, 0) : agreement.amountPence,
  };
};

const dayBefore = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
