// Every item's keys, declared once. Access patterns are named beside the index they use.
//
//  entity            pk                         sk                 gsi1 (pk / sk)                      gsi2 (pk / sk)               gsi3 (pk / sk)
//  organisation      ORG#<id>                   #ORG               ORGS / <id>
//  activity          ACT#<id>                   #ACT               ACTS / <id>   (directory)           ORG#<org> / ACT#<id>
//  fund              FUND#<id>                  #FUND              FUNDS / <id>                        ORG#<manager> / FUND#<id>
//  agreement         AGR#<id>                   #AGR               FUND#<fund>#AGRS / <id>             ORG#<org> / AGR#<id>
//  period counter    AGR#<id>                   PERIOD#<key>       FUND#<fund>#CAP / <agreement>#<period>
//  referral          REF#<id>                   #REF               PROV#<org> / <id>                   REFR#<org> / <id>            SENT (only while sent) / <respondBy>#<id>
//  external ref      EXTREF#<org>#<ref>         #EXTREF
//  ledger movement   FUND#<fund>                LED#<id>
//  payable amount    FUND#<fund>                PAY#<id>           FUND#<fund>#OPEN (while unpaid, not in a run) / <payableOn>#<id>
//  report aggregate  FUND#<fund>                AGG#<dimension>#<key>
//  audit event       CHAIN#<head id>            EVT#<seq>          AUDIT#<fund|platform> / <at>#<id>
//  payout run        RUN#<id>                   #RUN               FUND#<fund>#RUNS / <id>
//  payout line       RUN#<id>                   LINE#<id>
//  stripe event      STRIPEEVT#<id>             #EVT
//  idempotency       IDEMPOTENCY                <hash>             (Powertools idempotency records, TTL)
export const keys = {
  organisation: (id: string) => ({ pk: `ORG#${id}`, sk: '#ORG' }),
  activity: (id: string) => ({ pk: `ACT#${id}`, sk: '#ACT' }),
  fund: (id: string) => ({ pk: `FUND#${id}`, sk: '#FUND' }),
  agreement: (id: string) => ({ pk: `AGR#${id}`, sk: '#AGR' }),
  periodCounter: (agreementId: string, periodKey: string) => ({ pk: `AGR#${agreementId}`, sk: `PERIOD#${periodKey}` }),
  referral: (id: string) => ({ pk: `REF#${id}`, sk: '#REF' }),
  externalRef: (organisationId: string, externalRef: string) => ({
    pk: `EXTREF#${organisationId}#${externalRef}`,
    sk: '#EXTREF',
  }),
  ledger: (fundId: string, id: string) => ({ pk: `FUND#${fundId}`, sk: `LED#${id}` }),
  payable: (fundId: string, id: string) => ({ pk: `FUND#${fundId}`, sk: `PAY#${id}` }),
  aggregate: (fundId: string, dimension: string, key: string) => ({ pk: `FUND#${fundId}`, sk: `AGG#${dimension}#${key}` }),
  auditEvent: (chainId: string, seq: number) => ({ pk: `CHAIN#${chainId}`, sk: `EVT#${String(seq).padStart(10, '0')}` }),
  payoutRun: (id: string) => ({ pk: `RUN#${id}`, sk: '#RUN' }),
  payoutLine: (runId: string, lineId: string) => ({ pk: `RUN#${runId}`, sk: `LINE#${lineId}` }),
  stripeEvent: (id: string) => ({ pk: `STRIPEEVT#${id}`, sk: '#EVT' }),
} as const;

export const indexKeys = {
  organisationList: () => 'ORGS',
  directory: () => 'ACTS',
  organisationChildren: (organisationId: string) => `ORG#${organisationId}`,
  fundList: () => 'FUNDS',
  fundAgreements: (fundId: string) => `FUND#${fundId}#AGRS`,
  providerReferrals: (organisationId: string) => `PROV#${organisationId}`,
  referrerReferrals: (organisationId: string) => `REFR#${organisationId}`,
  awaitingResponse: () => 'SENT',
  openPayables: (fundId: string) => `FUND#${fundId}#OPEN`,
  audit: (fundId: string | undefined) => `AUDIT#${fundId ?? 'platform'}`,
  fundRuns: (fundId: string) => `FUND#${fundId}#RUNS`,
  fundCapacity: (fundId: string) => `FUND#${fundId}#CAP`,
} as const;

/** Key and index attributes stripped before an item leaves the store. */
export const STORAGE_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity', 'ttl'] as const;

export const stripStorage = <T extends Record<string, unknown>>(item: Record<string, unknown>): T => {
  const out: Record<string, unknown> = { ...item };
  for (const name of STORAGE_ATTRIBUTES) delete out[name];
  return out as T;
};

/**
 * Notification items (issue 18). Settings and reminder marks sit in their owner's partition, beside its
 * chain head; a delivery record has its own partition, keyed by the Notify reference it was sent with.
 *
 *  notification settings  ORG#<id>             NOTIFY#SETTINGS
 *  fund reminder settings FUND#<id>            NOTIFY#SETTINGS
 *  delivery record        NOTIF#<reference>    #NOTIF            (TTL)
 *  reminder queued        REF#<id>             REMIND#<days>     (TTL)
 */
export const notificationKeys = {
  settings: (organisationId: string) => ({ pk: `ORG#${organisationId}`, sk: 'NOTIFY#SETTINGS' }),
  fundSettings: (fundId: string) => ({ pk: `FUND#${fundId}`, sk: 'NOTIFY#SETTINGS' }),
  delivery: (reference: string) => ({ pk: `NOTIF#${reference}`, sk: '#NOTIF' }),
  reminder: (referralId: string, daysBefore: number) => ({ pk: `REF#${referralId}`, sk: `REMIND#${daysBefore}` }),
} as const;
