// The table's indexes can be declared a few at a time, for a stack that CloudFormation must give them one per update.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AppTable, TABLE_SCHEMA } from '../../infra/constructs/app-table.js';

const indexesOf = (context: Record<string, unknown>) => {
  const stack = new Stack(new App({ context }), 'TableOnly');
  const table = new AppTable(stack, 'AppTable', { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
  const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table')) as { Properties: { GlobalSecondaryIndexes: { IndexName: string }[] } }[];
  return { declared: resource!.Properties.GlobalSecondaryIndexes.map((g) => g.IndexName), granted: table.indexNames };
};

describe('Class: AppTable', () => {
  it('declares every index, the referral lists included, unless told fewer', () => {
    expect(indexesOf({}).declared).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6', 'gsi7']);
    expect(TABLE_SCHEMA.indexes).toHaveLength(7);
  });

  it('declares (and grants) only the first n indexes with -c tableIndexes=n', () => {
    expect(indexesOf({ tableIndexes: '4' })).toEqual({ declared: ['gsi1', 'gsi2', 'gsi3', 'gsi4'], granted: ['gsi1', 'gsi2', 'gsi3', 'gsi4'] });
  });

  it('refuses a count that is not a whole number from 3 to 7, saying so', () => {
    expect(() => indexesOf({ tableIndexes: '2' })).toThrow('-c tableIndexes must be a whole number from 3 to 7, not 2.');
    expect(() => indexesOf({ tableIndexes: 'all' })).toThrow('not all.');
  });
});
