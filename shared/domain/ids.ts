// Opaque, creation-time-sortable ids with a type prefix (ULID after the prefix).
import { monotonicFactory } from 'ulid';

export const ID_PREFIX = {
  organisation: 'org',
  activity: 'act',
  fund: 'fund',
  agreement: 'agr',
  referral: 'ref',
  payoutRun: 'run',
  line: 'line',
  event: 'evt',
  ledger: 'led',
  payable: 'pay',
} as const;

export type IdKind = keyof typeof ID_PREFIX;
/** The time is an argument (the domain reads no clock): ids sort by the moment the caller's change happened. */
export type IdFactory = (kind: IdKind, now: Date) => string;

export const createIdFactory = (): IdFactory => {
  const next = monotonicFactory();
  return (kind, now) => `${ID_PREFIX[kind]}_${next(now.getTime())}`;
};
