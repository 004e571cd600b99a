// Each function's DynamoDB actions and the API's Cognito calls, as data: the stack grants exactly these, and the tests hold the code to them.
//
// Data only, no imports: the stack reads it to grant, test/infra reads it to assert the template,
// and test/support/iam-checking-client.ts reads the synthesized template (never this file) to refuse
// anything else, so a grant, the template and the code cannot drift apart unnoticed.

/**
 * Partition keys a restricted action may touch, as IAM `dynamodb:LeadingKeys` patterns
 * (`StringLike`: `*` matches any run of characters). Mirrors shared/store/keys.ts, which infra may
 * not import; test/infra/iam-actions.test.ts keeps the two in step.
 */
export const LEADING_KEYS = {
  /** Powertools idempotency records: one static partition, `IDEMPOTENCY`. */
  idempotency: 'IDEMPOTENCY',
  /** Pending report moves a payout line or reversal left to apply (shared/store/report-moves.ts). */
  pendingReportMoves: 'MOVE#*',
  /** The notifier's delivery records (`NOTIF#<reference>`) and the last delivery to each address (`NOTIF#DELIVERED#<org>#<email>`). */
  notificationDeliveries: 'NOTIF#*',
  /** Reminder marks sit in their referral's partition (`REF#<id>` / `REMIND#<days>`). */
  referralPartitions: 'REF#*',
} as const;

export type LeadingKeyName = keyof typeof LEADING_KEYS;

/** A DynamoDB action a function may call; transactions are authorised item by item as these. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:BatchWriteItem';

export interface FunctionTableAccess {
  /** Allowed on any item of the table (and, for Query and Scan, its indexes). */
  readonly anyItem: readonly TableAction[];
  /** Allowed only on items whose partition key matches the named prefix. */
  readonly onlyOn: readonly { readonly actions: readonly TableAction[]; readonly leadingKeys: LeadingKeyName }[];
}

/**
 * One row per function. Why each action is there:
 * - GetItem, Query: reads by key and by index (every function).
 * - BatchGetItem: the API's list pages (items by id). No function may Scan: every list is a Query
 *   (a commissioner's and a fund manager's referrals by the list indexes, gsi4–gsi7).
 * - PutItem, UpdateItem: the items inside each TransactWriteItems, the API's idempotency records
 *   (Powertools puts and updates them), and the API's one standalone UpdateItem, the marker that an
 *   organisation's connected account was asked for (shared/store/stripe-accounts.ts).
 * - ConditionCheckItem: the API's transactions that check a fund, organisation or activity exists
 *   (drafting a run, creating an activity or an agreement); no other function's code checks one.
 * - DeleteItem: the API releases an idempotency record when a request fails; the worker and the
 *   webhook delete each pending report move as they apply it. Nothing else is ever deleted: the
 *   ledger, audit chains, runs and lines are append-or-update only.
 * - The notifier reads entities (BatchGetItem: a remittance advice's referrals) and writes only its
 *   own records: UpdateItem claims and settles delivery records, PutItem writes reminder marks.
 */
export const TABLE_ACCESS_BY_FUNCTION = {
  api: {
    anyItem: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ],
    onlyOn: [{ actions: ['dynamodb:DeleteItem'], leadingKeys: 'idempotency' }],
  },
  webhook: {
    anyItem: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    onlyOn: [{ actions: ['dynamodb:DeleteItem'], leadingKeys: 'pendingReportMoves' }],
  },
  worker: {
    anyItem: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    onlyOn: [{ actions: ['dynamodb:DeleteItem'], leadingKeys: 'pendingReportMoves' }],
  },
  expiry: {
    anyItem: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    onlyOn: [],
  },
  notifier: {
    anyItem: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
    onlyOn: [
      { actions: ['dynamodb:UpdateItem'], leadingKeys: 'notificationDeliveries' },
      { actions: ['dynamodb:PutItem'], leadingKeys: 'referralPartitions' },
    ],
  },
} as const satisfies Record<string, FunctionTableAccess>;

export type FunctionName = keyof typeof TABLE_ACCESS_BY_FUNCTION;
export const FUNCTION_NAMES = Object.keys(TABLE_ACCESS_BY_FUNCTION) as FunctionName[];

/** The tag on each function (and its role) naming its row above, so tests find it in the template. */
export const FUNCTION_TAG = 'pop:function';

/**
 * The Cognito calls the API makes on this pool (shared/identity/cognito-directory.ts), and no more:
 * an invitation creates the user and adds the role's group; someone invited back, or an invitation
 * that stopped part-way, is read, moved to the new role's group, given back its attributes, enabled
 * and sent the invitation again; removal disables and signs out. test/unit/cognito-directory.test.ts
 * holds the code to exactly this list.
 */
export const COGNITO_MEMBER_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminUserGlobalSignOut',
] as const;
