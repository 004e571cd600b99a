// What IAM authorises for each DynamoDB command: one action, resource and set of leading keys per item.
import type { TablePolicies } from './iam-checking-client.js';

type Json = any;

/** One authorisation IAM makes for a request: a transaction makes one per item. */
export interface RequestedAccess {
  readonly action: string;
  /** `table` or `table/index/<name>`, as the template's resources resolve. */
  readonly resource: string;
  /** The partition key values the request names (`dynamodb:LeadingKeys`); none for a Scan. */
  readonly leadingKeys: readonly string[];
}

/** A key attribute's value, marshalled (`{ S: 'x' }`, from the raw client) or not (the DocumentClient's input). */
const text = (value: Json): string => (typeof value === 'object' && value !== null ? String(value.S ?? value.N ?? value.B) : String(value));

const queryLeadingKey = (policies: TablePolicies, input: Json): string => {
  const attribute = input.IndexName ? policies.indexPartitionKeys[input.IndexName] : policies.partitionKey;
  for (const [, name, placeholder] of String(input.KeyConditionExpression).matchAll(/(#?[\w]+)\s*=\s*(:[\w]+)/g)) {
    const resolved = name!.startsWith('#') ? input.ExpressionAttributeNames?.[name!] : name;
    if (resolved === attribute) return text(input.ExpressionAttributeValues[placeholder!]);
  }
  throw new Error(`The IAM-checking client found no ${attribute} = :value in "${input.KeyConditionExpression}"`);
};

/** What IAM authorises for one command: transactions item by item, as Put→PutItem, Update→UpdateItem, and so on. */
export const describeRequest = (policies: TablePolicies, commandName: string, input: Json): RequestedAccess[] => {
  const pk = (item: Json) => text(item[policies.partitionKey]);
  const one = (action: string, key: Json): RequestedAccess => ({ action: `dynamodb:${action}`, resource: 'table', leadingKeys: [pk(key)] });
  const on = (index: string | undefined) => (index ? `table/index/${index}` : 'table');
  switch (commandName) {
    case 'GetItemCommand':
      return [one('GetItem', input.Key)];
    case 'PutItemCommand':
      return [one('PutItem', input.Item)];
    case 'UpdateItemCommand':
      return [one('UpdateItem', input.Key)];
    case 'DeleteItemCommand':
      return [one('DeleteItem', input.Key)];
    case 'QueryCommand':
      return [{ action: 'dynamodb:Query', resource: on(input.IndexName), leadingKeys: [queryLeadingKey(policies, input)] }];
    case 'ScanCommand':
      return [{ action: 'dynamodb:Scan', resource: on(input.IndexName), leadingKeys: [] }];
    case 'BatchGetItemCommand':
      return Object.values(input.RequestItems as Record<string, { Keys: Json[] }>).map((request) => ({
        action: 'dynamodb:BatchGetItem',
        resource: 'table',
        leadingKeys: request.Keys.map(pk),
      }));
    case 'BatchWriteItemCommand':
      return Object.values(input.RequestItems as Record<string, Json[]>).map((requests) => ({
        action: 'dynamodb:BatchWriteItem',
        resource: 'table',
        leadingKeys: requests.map((r) => pk(r.PutRequest?.Item ?? r.DeleteRequest.Key)),
      }));
    case 'TransactWriteItemsCommand':
      return (input.TransactItems as Json[]).map((item) => {
        if (item.Put) return one('PutItem', item.Put.Item);
        if (item.Update) return one('UpdateItem', item.Update.Key);
        if (item.Delete) return one('DeleteItem', item.Delete.Key);
        if (item.ConditionCheck) return one('ConditionCheckItem', item.ConditionCheck.Key);
        throw new Error(`The IAM-checking client cannot read the transaction item ${JSON.stringify(item)}`);
      });
    case 'TransactGetItemsCommand':
      return (input.TransactItems as Json[]).map((item) => one('GetItem', item.Get.Key));
    default:
      // Control-plane calls (DescribeTable and the like): the action on the table itself.
      return [{ action: `dynamodb:${commandName.replace(/Command$/, '')}`, resource: 'table', leadingKeys: [] }];
  }
};

