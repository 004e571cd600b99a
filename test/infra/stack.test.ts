// Template assertions for the whole stack (built once, bundled for real) and cdk-nag's verdict on it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template, Match } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/build-app.js';
import { FUNCTION_NAMES, FUNCTION_TAG, LEADING_KEYS, TABLE_ACCESS_BY_FUNCTION, type FunctionName } from '../../infra/iam-actions.js';
import { tableDefinition, TTL_ATTRIBUTE } from '../../shared/store/table.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

let built: BuiltApp;
let template: Template;
const ofType = (type: string): Record<string, Resource> => template.findResources(type) as Record<string, Resource>;
const only = (type: string): Resource => {
  const found = Object.values(ofType(type));
  expect(found).toHaveLength(1);
  return found[0]!;
};
const logicalIdOf = (type: string, match: (r: Resource) => boolean): string => {
  const entry = Object.entries(ofType(type)).find(([, r]) => match(r));
  if (!entry) throw new Error(`no ${type} matched`);
  return entry[0];
};
const functionId = (entry: string) =>
  logicalIdOf('AWS::Lambda::Function', (r) => String(r.Properties.Description).includes(entry));
const statementsOf = (functionLogicalId: string): any[] => {
  const fn = template.toJSON().Resources[functionLogicalId] as Resource;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return Object.values(ofType('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
};
const actionsOf = (statement: any): string[] => [statement.Action].flat();
const taggedFunctionId = (name: FunctionName) =>
  logicalIdOf('AWS::Lambda::Function', (r) => (r.Properties.Tags ?? []).some((t: any) => t.Key === FUNCTION_TAG && t.Value === name));

const payoutQueueIds = () => {
  const ids = Object.keys(ofType('AWS::SQS::Queue')).filter((id) => id.startsWith('PayoutQueue'));
  const queue = ids.find((id) => ofType('AWS::SQS::Queue')[id]!.Properties.RedrivePolicy !== undefined)!;
  return { queue, deadLetters: ids.find((id) => id !== queue)! };
};

beforeAll(() => {
  built = buildApp({ context: { env: 'prod', alarmEmail: 'ops@example.org', cognitoDomainPrefix: 'mva-pay-on-prescription', grantIdPrefix: '360G-TEST' } });
  template = Template.fromStack(built.stack);
});

describe('Class: PayOnPrescriptionStack > HTTP API', () => {
  it('puts the Cognito JWT authorizer on /v1/*, and leaves the webhook and the web pages ($default) to the code', () => {
    const routes = Object.values(ofType('AWS::ApiGatewayV2::Route'));
    const byKey = Object.fromEntries(routes.map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType ?? 'NONE']));
    expect(byKey).toEqual({ 'ANY /v1/{proxy+}': 'JWT', 'POST /v1/stripe/webhook': 'NONE', $default: 'NONE' });
    const authorizer = only('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('cognito-idp');
  });

  it('sends the pages and the API to the API function', () => {
    const apiFn = functionId('API (Hono)');
    for (const key of ['$default', 'ANY /v1/{proxy+}']) {
      const route = Object.values(ofType('AWS::ApiGatewayV2::Route')).find((r) => r.Properties.RouteKey === key)!;
      const integration = template.toJSON().Resources[route.Properties.Target['Fn::Join'][1][1].Ref] as Resource;
      expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(apiFn);
    }
  });

  it('sends the webhook route to the webhook function and nothing else there', () => {
    const webhookFn = functionId('Stripe webhook');
    const webhookRoute = Object.values(ofType('AWS::ApiGatewayV2::Route')).find((r) => r.Properties.RouteKey === 'POST /v1/stripe/webhook')!;
    const integrationId = webhookRoute.Properties.Target['Fn::Join'][1][1].Ref;
    const integration = template.toJSON().Resources[integrationId] as Resource;
    expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(webhookFn);
  });

  it('answers no CORS at the gateway, so the Open Referral UK API\'s own `Access-Control-Allow-Origin: *` reaches browsers', () => {
    // With a CorsConfiguration, API Gateway ignores the CORS headers the integration returns.
    expect(only('AWS::ApiGatewayV2::Api').Properties.CorsConfiguration).toBeUndefined();
  });

  it('logs every request as JSON with the fields on-call needs, and throttles the default stage', () => {
    const stage = only('AWS::ApiGatewayV2::Stage');
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(Object.keys(format)).toEqual(expect.arrayContaining(['requestId', 'ip', 'routeKey', 'status', 'latency']));
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 });
  });
});

describe('Class: AppTable', () => {
  it('mirrors the runtime table definition: keys, indexes, billing and TTL', () => {
    const table = only('AWS::DynamoDB::Table').Properties;
    const runtime = tableDefinition('x');
    const byName = (a: { AttributeName: string }, b: { AttributeName: string }) => a.AttributeName.localeCompare(b.AttributeName);
    expect([...table.AttributeDefinitions].sort(byName)).toEqual([...runtime.AttributeDefinitions].sort(byName));
    expect(table.KeySchema).toEqual(runtime.KeySchema);
    expect(table.BillingMode).toBe(runtime.BillingMode);
    expect(table.GlobalSecondaryIndexes).toEqual(runtime.GlobalSecondaryIndexes);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });

  it('has point-in-time recovery, deletion protection, a rotated customer-managed key, and is retained', () => {
    const [table] = Object.values(ofType('AWS::DynamoDB::Table'));
    expect(table!.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table!.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table!.DeletionPolicy).toBe('RetainExceptOnCreate');
    const keyId = logicalIdOf('AWS::KMS::Key', (k) => String(k.Properties.Description).includes('table'));
    expect(table!.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'RetainExceptOnCreate' });
  });
});

describe('Class: ApiFunction', () => {
  it('runs every function on arm64 and the newest Node.js runtime this CDK knows', () => {
    const newestNode = Runtime.ALL.filter((r) => r.name.startsWith('nodejs'))
      .map((r) => r.name)
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .at(-1);
    const functions = Object.values(ofType('AWS::Lambda::Function'));
    // API, Stripe webhook, payout worker, referral expiry job, notifier.
    expect(functions).toHaveLength(5);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe(newestNode);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.Environment.Variables.AUTH_MODE).toBe('cognito');
    }
  });

  it('grants each function exactly its row of infra/iam-actions.ts, the restricted deletes only by leading key', () => {
    const tableId = logicalIdOf('AWS::DynamoDB::Table', () => true);
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
    for (const name of FUNCTION_NAMES) {
      const access = TABLE_ACCESS_BY_FUNCTION[name];
      const dynamo = statementsOf(taggedFunctionId(name)).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      const indexActions = access.anyItem.filter((a) => a === 'dynamodb:Query');
      const itemActions = access.anyItem.filter((a) => !indexActions.includes(a));
      const expected = [
        { Action: itemActions.length === 1 ? itemActions[0] : itemActions, Effect: 'Allow', Resource: tableArn },
        { Action: indexActions.length === 1 ? indexActions[0] : indexActions, Effect: 'Allow', Resource: [tableArn, ...['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6', 'gsi7'].map(indexArn)] },
        ...access.onlyOn.map((r) => ({
          Action: r.actions.length === 1 ? r.actions[0] : r.actions,
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [LEADING_KEYS[r.leadingKeys]] } },
          Effect: 'Allow',
          Resource: tableArn,
        })),
      ];
      expect(dynamo, name).toEqual(expected);
      expect(dynamo.flatMap(actionsOf), name).not.toContain('dynamodb:*');
    }
  });

  it('lets the worker and webhook delete only pending report moves, the API only idempotency records, the expiry job nothing', () => {
    const deletes = (name: FunctionName) =>
      statementsOf(taggedFunctionId(name))
        .filter((s) => actionsOf(s).includes('dynamodb:DeleteItem'))
        .map((s) => s.Condition);
    expect(deletes('worker')).toEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MOVE#*'] } }]);
    expect(deletes('webhook')).toEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MOVE#*'] } }]);
    expect(deletes('api')).toEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY'] } }]);
    expect(deletes('expiry')).toEqual([]);
    for (const name of FUNCTION_NAMES) {
      const scans = statementsOf(taggedFunctionId(name)).some((s) => actionsOf(s).includes('dynamodb:Scan'));
      expect(scans, name).toBe(false);
    }
  });

  it('gives X-Ray the only wildcard resource, and lets only the API and the worker (its continuations) send to the payout queue', () => {
    const payoutQueueId = payoutQueueIds().queue;
    for (const name of FUNCTION_NAMES) {
      const wildcards = statementsOf(taggedFunctionId(name)).filter((s) => [s.Resource].flat().includes('*'));
      expect(wildcards.flatMap(actionsOf).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      const sends = statementsOf(taggedFunctionId(name)).filter((s) => actionsOf(s).includes('sqs:SendMessage'));
      expect(sends.some((s) => JSON.stringify(s.Resource).includes(payoutQueueId)), name).toBe(name === 'api' || name === 'worker');
    }
  });

  it('keeps Stripe secrets out of the template: functions get the secret ARN and read access only', () => {
    const secretId = logicalIdOf('AWS::SecretsManager::Secret', (r) => String(r.Properties.Description).startsWith('Stripe'));
    const secret = template.toJSON().Resources[secretId] as Resource;
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.Properties.GenerateSecretString).toBeDefined();
    for (const [id, fn] of Object.entries(ofType('AWS::Lambda::Function'))) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(variables).filter((name) => /SECRET_KEY|WEBHOOK_SECRET|PASSWORD|TOKEN/.test(name))).toEqual([]);
      // The expiry job and the notifier never talk to Stripe, so they get neither the ARN nor read access.
      const usesStripe = id !== functionId('expire referrals') && id !== functionId('notifier');
      expect(variables.STRIPE_SECRET_ARN).toEqual(usesStripe ? { Ref: secretId } : undefined);
      const reads = statementsOf(id).filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
      expect(reads.some((s) => JSON.stringify(s.Resource) === JSON.stringify({ Ref: secretId }))).toBe(usesStripe);
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/sk_(live|test)_|rk_(live|test)_|whsec_/);
  });
});

describe('Class: ScheduledJob (referral expiry)', () => {
  it('runs the expiry job hourly', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [taggedFunctionId('expiry'), 'Arn'] } })]),
    });
  });
});

describe('Class: PayoutQueue', () => {
  it('redrives to a dead-letter queue after 5 receives, over TLS only, and the worker reports partial failures', () => {
    const dlqId = payoutQueueIds().deadLetters;
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    // The payout and notification queues, their dead-letter queues, and the expiry job's and notifier's.
    expect(Object.keys(ofType('AWS::SQS::QueuePolicy'))).toHaveLength(6);
    template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FunctionName: { Ref: functionId('payout worker') },
    });
  });
});

describe('Class: ApiFunction > the web service in the bundle', () => {
  it('carries what functions/web/assets.ts serves, where it looks without node_modules', () => {
    const api = template.toJSON().Resources[functionId('API (Hono)')] as Resource;
    // The staged asset is named by the hash its S3 key carries.
    const bundle = join(built.app.outdir, `asset.${String(api.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const version = (JSON.parse(readFileSync('node_modules/nhsuk-frontend/package.json', 'utf8')) as { version: string }).version;
    const nhsuk = 'web-assets/nhsuk-frontend';
    for (const file of [
      `${nhsuk}/package.json`,
      `${nhsuk}/dist/nhsuk/nhsuk-frontend-${version}.min.css`,
      `${nhsuk}/dist/nhsuk/nhsuk-frontend-${version}.min.js`,
      `${nhsuk}/dist/nhsuk/assets/images/favicon.ico`,
      'web-assets/chart.js/package.json',
      'web-assets/chart.js/dist/chart.umd.min.js',
      ...readdirSync('functions/web/client').map((name) => `web-assets/client/${name}`),
      'swagger-ui/swagger-ui-bundle.js',
    ]) {
      expect(existsSync(join(bundle, file)), file).toBe(true);
    }
    expect(readdirSync(join(bundle, `${nhsuk}/dist/nhsuk/assets/images`)).sort()).toEqual(readdirSync('node_modules/nhsuk-frontend/dist/nhsuk/assets/images').sort());
  });
});

// Alarms, the dashboard and log encryption: test/infra/stack-operations.test.ts. Sign-in and SES: test/infra/stack-identity.test.ts.

describe('Class: PayOnPrescriptionStack > outputs and checks', () => {
  it('outputs what an operator needs after a deploy', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'SignInUrl',
        'WebhookUrl',
        'UserPoolId',
        'UserPoolClientId',
        'HostedUiDomain',
        'StripeSecretArn',
        'AlarmTopicArn',
        'PayoutDeadLetterQueueArn',
        'ExpiryDeadLetterQueueArn',
        'DashboardName',
      ]),
    );
  });

  it('passes cdk-nag AwsSolutions and Serverless with every finding acknowledged', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const report = pack.validateScope(built.app);
      expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    }
  });
});
