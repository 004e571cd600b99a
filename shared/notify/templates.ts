// Every Notify template: its personalisation declared once, its text (to paste into Notify), and its id.
//
// In GOV.UK Notify a template lives in the service and is named here only by id. The subject and
// body below are the text to create each template with (docs/notify.md lists them too); the local
// stand-in renders them, so tests see what a recipient would. A field listed in `personalisation`
// may be a list of strings, which Notify renders as bullet points.

export const NOTIFICATION_KINDS = [
  'referral_received',
  'referral_reminder',
  'referral_accepted',
  'referral_declined',
  'referral_expired',
  'payout_run_awaiting_approval',
  'remittance_advice',
  'payout_line_problem',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds an address cannot turn off: a treasurer reconciles each bank line against its remittance advice. */
export const ALWAYS_SENT: readonly NotificationKind[] = ['remittance_advice'] as const;

export interface TemplateDefinition {
  readonly defaultId: string;
  readonly subject: string;
  readonly body: string;
  readonly personalisation: readonly string[];
}

const FOOTER = '\n\n---\nYou receive this because ((organisation_name)) chose this address for these messages. To change which address receives them, contact the team that runs Pay on Prescription.';

export const TEMPLATES = {
  referral_received: {
    defaultId: '5a0f7c1e-2b36-4d8e-9f10-000000000001',
    subject: 'New referral to ((activity_name)): please answer by ((respond_by))',
    body: 'A link worker at ((referrer_name)) has referred someone to ((activity_name)).\n\nPlease accept or decline the referral by ((respond_by)). After that date it expires.\n\nReferral: ((referral_id))\n\n((referral_link))' + FOOTER,
    personalisation: ['organisation_name', 'activity_name', 'referrer_name', 'respond_by', 'referral_id', 'referral_link'],
  },
  referral_reminder: {
    defaultId: '5a0f7c1e-2b36-4d8e-9f10-000000000002',
    subject: 'Reminder: a referral to ((activity_name)) expires in ((days_left))',
    body: 'A referral to ((activity_name)) from ((referrer_name)) is still waiting for your answer.\n\nIt expires on ((respond_by)), in ((days_left)).\n\nReferral: ((referral_id))\n\n((referral_link))' + FOOTER,
    personalisation: ['organisation_name', 'activity_name', 'referrer_name', 'respond_by', 'days_left', 'referral_id', 'referral_link'],
  },
  referral_accepted: {
    defaultId: '5a0f7c1e-2b36-4d8e-9f10-000000000003',
    subject: '((provider_name)) accepted a referral to ((activity_name))',
    body: '((provider_name)) accepted the referral to ((activity_name)) sent on ((sent_on)).\n\nReferral: ((referral_id))\n\n((referral_link))' + FOOTER,
    personalisation: ['organisation_name', 'provider_name', 'activity_name', 'sent_on', 'referral_id', 'referral_link'],
  },
  referral_declined: {
    defaultId: '5a0f7c1e-2b36-4d8e-9f10-000000000004',
    subject: '((provider_name)) declined a referral to ((activity_name))',
    body: '((provider_name)) declined the referral to ((activity_name)) sent on ((sent_on)).\n\nReason: ((decline_reason))\n\nReferral: ((referral_id))\n\n((referral_link))' + FOOTER,
    personalisation: ['organisation_name', 'provider_name', 'activity_name', 'sent_on', 'decline_reason', 'referral_id', 'referral_link'],
  },
  referral_expired: {
    defaultId: '5a0f7c1e-2b36-4d8e-9f10-000000000005',
    subject: 'A referral to ((activity_name)) expired without an answer',
    body: '((provider_name)) did not answer the referral to ((activity_name)) sent on ((sent_on)) by ((respond_by)), so it has expired. You may want to refer the person somewhere else.\n\nReferral: ((referral_id))\n\n((referral_link))' + FOOTER,
    personalisation: ['organisation_name', 'provider_name', 'activity_name', 'sent_on', 'respond_by', 'referral_id', 'referral_link'],
  },
  payout_run_awaiting_approval: {
    defaultId: '5a0f7c1e-2b36-4d8e-9f10-000000000006',
    subject: 'Payout run for ((fund_name)) awaits approval: ((total))',
    body: 'A payout run of ((total)) to ((line_count)) organisations from ((fund_name)), for amounts payable up to ((through)), is waiting for a second fund manager to approve it. The fund manager who drafted it cannot approve it.\n\nHeld back: ((held))\n\nRun: ((run_id))\n\n((run_link))' + FOOTER,
    personalisation: ['organisation_name', 'fund_name', 'total', 'line_count', 'through', 'held', 'run_id', 'run_link'],
  },
  remittance_advice: {
    defaultId: '5a0f7c1e-2b36-4d8e-9f10-000000000007',
    subject: 'Remittance advice: ((amount)) from ((fund_name))',
    body: '# Remittance advice\n\n((fund_name)) has paid ((organisation_name)) ((amount)) on ((paid_on)).\n\nStripe transfer: ((transfer_id))\nPayout run: ((run_id))\nTo your bank: ((bank_payout))\n\n## Referrals paid for (((referral_count)))\n\n((referrals))\n\n## Block instalments paid (((instalment_count)))\n\n((instalments))\n\n## Other amounts\n\n((other_amounts))\n\nTotal: ((amount))\n\nYour statement: ((statement_link))' + FOOTER,
    personalisation: [
      'organisation_name', 'fund_name', 'amount', 'paid_on', 'transfer_id', 'run_id', 'bank_payout', 'referral_count', 'referrals',
      'instalment_count', 'instalments', 'other_amounts', 'statement_link',
    ],
  },
  payout_line_problem: {
    defaultId: '5a0f7c1e-2b36-4d8e-9f10-000000000008',
    subject: 'Payment to ((payee_name)) ((what)): ((amount))',
    body: 'The payment of ((amount)) from ((fund_name)) to ((payee_name)) in payout run ((run_id)) ((what)).\n\nDetail: ((detail))\n\n((run_link))' + FOOTER,
    personalisation: ['organisation_name', 'payee_name', 'fund_name', 'amount', 'what', 'detail', 'run_id', 'run_link'],
  },
} as const satisfies Record<NotificationKind, TemplateDefinition>;

type Fields<K extends NotificationKind> = (typeof TEMPLATES)[K]['personalisation'][number];
/** Exactly the fields the kind's template declares: a missing or extra one is a type error. */
export type Personalisation<K extends NotificationKind> = Record<Fields<K>, string | readonly string[]>;

/** The environment variable that overrides a kind's template id, e.g. NOTIFY_TEMPLATE_REMITTANCE_ADVICE. */
export const templateIdVariable = (kind: NotificationKind) => `NOTIFY_TEMPLATE_${kind.toUpperCase()}`;

export type TemplateIds = Readonly<Record<NotificationKind, string>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each kind's template id: the environment's if set (and a UUID), else the stand-in's default. */
export const templateIds = (env: Readonly<Record<string, string | undefined>> = {}): TemplateIds => {
  const ids = {} as Record<NotificationKind, string>;
  for (const kind of NOTIFICATION_KINDS) {
    const value = env[templateIdVariable(kind)];
    if (value !== undefined && !UUID.test(value)) throw new Error(`${templateIdVariable(kind)} must be a Notify template id (a UUID), not "${value}".`);
    ids[kind] = value ?? TEMPLATES[kind].defaultId;
  }
  return ids;
};
