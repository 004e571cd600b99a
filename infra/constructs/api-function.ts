// A NodejsFunction with the house defaults baked in, and bindTable(): the table's name and only the actions asked for.
import { AssetHashType, Stack, Validations, type Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BUNDLE_ROOT, buildBundle, copyBundledFiles, type BundleEntry } from '../bundles.js';
import { LEADING_KEYS, type FunctionTableAccess, type TableAction } from '../iam-actions.js';
import type { BundledFiles } from '../web-bundle.js';
import type { AppTable } from './app-table.js';

/** The newest Node.js runtime this aws-cdk-lib knows; cdk-nag's LambdaLatestVersion checks the same list. */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;
export const REPO_ROOT = BUNDLE_ROOT;
export const SERVICE_NAME = 'pay-on-prescription';
export const METRICS_NAMESPACE = 'PayOnPrescription';

const INDEX_ACTIONS: readonly TableAction[] = ['dynamodb:Query', 'dynamodb:Scan'];
const WRITE_ACTIONS: readonly TableAction[] = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * How the function is invoked decides where a failed invocation goes: API Gateway and SQS invoke
 * synchronously (the caller or the queue's redrive keeps the failure); a schedule invokes
 * asynchronously, so it needs a dead-letter queue of its own.
 */
export type Invocation = 'api-gateway' | 'sqs' | { readonly schedule: { readonly deadLetterQueue: IQueue } };

export interface ApiFunctionProps {
  /** Entry file relative to the repository root, one of infra/bundles.ts's. Never imported here. */
  readonly entry: BundleEntry;
  readonly description: string;
  readonly invocation: Invocation;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** The platform key; CloudWatch Logs encrypts the function's log group with it. */
  readonly logKey: IKey;
  readonly environment?: Record<string, string>;
  /** Files (or folders) copied beside the bundle: each `into` a folder of the asset, `from` paths relative to the repository root. */
  readonly bundledFiles?: readonly BundledFiles[];
}

/**
 * The function's code: built in this process by infra/bundles.ts (the same options the budget test
 * measures), then the bundled files copied beside it. CDK never needs Docker for it.
 */
const bundledCode = (entry: BundleEntry, files: readonly BundledFiles[]): Code =>
  Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: NODE_RUNTIME.bundlingImage,
      local: {
        tryBundle(outputDir) {
          buildBundle(entry, outputDir);
          copyBundledFiles(outputDir, files);
          return true;
        },
      },
    },
  });

export class ApiFunction extends Function {
  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
      encryptionKey: props.logKey,
    });
    // An explicit role keeps the AWS managed AWSLambdaBasicExecutionRole (logs:* on every group) off it.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    super(scope, id, {
      code: bundledCode(props.entry, props.bundledFiles ?? []),
      handler: 'index.handler',
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      deadLetterQueue: typeof props.invocation === 'object' ? props.invocation.schedule.deadLetterQueue : undefined,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...props.environment,
      },
    });
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing only: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so IAM requires Resource "*".',
    });
    if (typeof props.invocation === 'string') {
      Validations.of(this).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          props.invocation === 'api-gateway'
            ? 'Invoked synchronously by API Gateway: the caller gets the error and retries (Stripe retries webhooks for 3 days); a DLQ only catches asynchronous invocations.'
            : 'Invoked by an SQS event source mapping (synchronous polling): failed messages return to the payout queue and move to its dead-letter queue after 5 receives.',
      });
    }
  }

  /**
   * Sets TABLE_NAME and grants exactly `access` (one row of infra/iam-actions.ts): the unrestricted
   * actions on the table (and its indexes for Query/Scan), each restricted one only on items whose
   * partition key matches its `dynamodb:LeadingKeys` pattern, and the table's key via DynamoDB only.
   */
  bindTable(table: AppTable, access: FunctionTableAccess): this {
    this.addEnvironment('TABLE_NAME', table.table.tableName);
    const tableArn = table.table.tableArn;
    const itemActions = access.anyItem.filter((action) => !INDEX_ACTIONS.includes(action));
    const indexActions = access.anyItem.filter((action) => INDEX_ACTIONS.includes(action));
    if (itemActions.length > 0) {
      this.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...itemActions], resources: [tableArn] }));
    }
    if (indexActions.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...indexActions],
          resources: [tableArn, ...table.indexNames.map((name) => `${tableArn}/index/${name}`)],
        }),
      );
    }
    for (const restricted of access.onlyOn) {
      // ForAllValues: every partition key the request names must match (a transaction's Delete
      // is authorised for its own key alone, so other items in it are judged by their own grants).
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...restricted.actions],
          resources: [tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [LEADING_KEYS[restricted.leadingKeys]] } },
        }),
      );
    }
    const actions = [...access.anyItem, ...access.onlyOn.flatMap((r) => r.actions)];
    const writes = actions.some((action) => WRITE_ACTIONS.includes(action));
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: writes
          ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo']
          : ['kms:Decrypt', 'kms:DescribeKey'],
        resources: [table.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
    return this;
  }
}
