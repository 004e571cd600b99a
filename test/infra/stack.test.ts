// Template assertions for the whole stack (built once, bundled for real) and cdk-nag's verdict on it.
import { Template, Match } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/build-app.js';
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

beforeAll(() => {
  built = buildApp({ context: { env: 'prod', alarmEmail: 'ops@example.org', grantIdPrefix: '360G-TEST' } });
  template = Template.fromStack(built.stack);
});

describe('Class: PayOnPrescriptionStack > HTTP API', () => {
  it('puts the Cognito JWT authorizer on every route but health, docs, the onboarding pages and the Stripe webhook', () => {
    const routes = Object.values(ofType('AWS::ApiGatewayV2::Route'));
    const publicKeys = routes.filter((r) => (r.Properties.AuthorizationType ?? 'NONE') === 'NONE').map((r) => r.Properties.RouteKey);
    expect(publicKeys.sort()).toEqual([
      'GET /docs',
      'GET /docs/assets/{name}',
      'GET /health',
      'GET /onboarding-complete',
      'GET /onboarding-refresh',
      'GET /openapi.json',
      'POST /v1/stripe/webhook',
    ]);
    const guarded = routes.filter((r) => r.Properties.AuthorizationType === 'JWT');
    expect(guarded.map((r) => r.Properties.RouteKey)).toEqual(['ANY /{proxy+}']);
    expect(guarded.length + publicKeys.length).toBe(routes.length);
    const authorizer = only('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('cognito-idp');
  });

  it('sends the webhook route to the webhook function and nothing else there', () => {
    const webhookFn = functionId('Stripe webhook');
    const webhookRoute = Object.values(ofType('AWS::ApiGatewayV2::Route')).find((r) => r.Properties.RouteKey === 'POST /v1/stripe/webhook')!;
    const integrationId = webhookRoute.Properties.Target['Fn::Join'][1][1].Ref;
    const integration = template.toJSON().Resources[integrationId] as Resource;
    expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(webhookFn);
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
    expect(table!.DeletionPolicy).toBe('Retain');
    const keyId = logicalIdOf('AWS::KMS::Key', (k) => String(k.Properties.Description).includes('table'));
    expect(table!.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Retain' });
  });
});

describe('Class: ApiFunction', () => {
  it('runs every function on arm64 and the newest Node.js runtime this CDK knows', () => {
    const newestNode = Runtime.ALL.filter((r) => r.name.startsWith('nodejs'))
      .map((r) => r.name)
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .at(-1);
    const functions = Object.values(ofType('AWS::Lambda::Function'));
    // API, Stripe webhook, payout worker, referral expiry job.
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe(newestNode);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.Environment.Variables.AUTH_MODE).toBe('cognito');
    }
  });

  it('gives the payout worker only the table actions it uses, on the table and its indexes', () => {
    const statements = statementsOf(functionId('payout worker'));
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    const actions = dynamo.flatMap(actionsOf).sort();
    expect(actions).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(actions).not.toContain('dynamodb:*');
    const tableId = logicalIdOf('AWS::DynamoDB::Table', () => true);
    for (const statement of dynamo) {
      for (const resource of [statement.Resource].flat()) {
        expect(JSON.stringify(resource)).toMatch(new RegExp(`^\\{"(Fn::GetAtt":\\["${tableId}","Arn"\\]|Fn::Join":\\["",\\[\\{"Fn::GetAtt":\\["${tableId}","Arn"\\]\\},"/index/gsi[123]"\\]\\])\\}$`));
      }
    }
    const wildcards = statements.filter((s) => [s.Resource].flat().includes('*'));
    expect(wildcards.flatMap(actionsOf).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('never lets the webhook delete or scan, and lets only the API send to the payout queue', () => {
    const webhook = statementsOf(functionId('Stripe webhook')).flatMap(actionsOf);
    expect(webhook).not.toContain('dynamodb:DeleteItem');
    expect(webhook).not.toContain('dynamodb:Scan');
    expect(webhook).not.toContain('sqs:SendMessage');
    expect(statementsOf(functionId('API (Hono)')).flatMap(actionsOf)).toContain('sqs:SendMessage');
  });

  it('keeps Stripe secrets out of the template: functions get the secret ARN and read access only', () => {
    const secretId = logicalIdOf('AWS::SecretsManager::Secret', () => true);
    const secret = template.toJSON().Resources[secretId] as Resource;
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.Properties.GenerateSecretString).toBeDefined();
    for (const [id, fn] of Object.entries(ofType('AWS::Lambda::Function'))) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(variables).filter((name) => /SECRET_KEY|WEBHOOK_SECRET|PASSWORD|TOKEN/.test(name))).toEqual([]);
      // The expiry job never talks to Stripe, so it gets neither the ARN nor read access.
      const usesStripe = id !== functionId('expire referrals');
      expect(variables.STRIPE_SECRET_ARN).toEqual(usesStripe ? { Ref: secretId } : undefined);
      expect(statementsOf(id).some((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'))).toBe(usesStripe);
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/sk_(live|test)_|rk_(live|test)_|whsec_/);
  });
});

describe('Class: ScheduledJob (referral expiry)', () => {
  it('runs the expiry job hourly with only the table actions it uses', () => {
    const id = functionId('expire referrals');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [id, 'Arn'] } })]),
    });
    const actions = statementsOf(id).flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:')).sort();
    expect(actions).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
  });
});

describe('Class: PayoutQueue', () => {
  it('redrives to a dead-letter queue after 5 receives, over TLS only, and the worker reports partial failures', () => {
    const dlqId = logicalIdOf('AWS::SQS::Queue', (q) => q.Properties.RedrivePolicy === undefined);
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    // The payout queue, its dead-letter queue, and the expiry job's dead-letter queue.
    expect(Object.keys(ofType('AWS::SQS::QueuePolicy'))).toHaveLength(3);
    template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FunctionName: { Ref: functionId('payout worker') },
    });
  });
});

describe('Class: AppUserPool', () => {
  it('has the contract roles as groups, custom:org_id, required TOTP MFA, admin-only sign-up and threat protection', () => {
    const groups = Object.values(ofType('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'commissioner', 'fund_manager', 'link_worker', 'vcse']);
    const pool = only('AWS::Cognito::UserPool').Properties;
    expect(pool.Schema).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'org_id', AttributeDataType: 'String' })]));
    expect(pool.MfaConfiguration).toBe('ON');
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.UserPoolTier).toBe('PLUS');
    expect(pool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(pool.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(14);
  });

  it('gives the web UI a public code-grant client that cannot rewrite its own organisation', () => {
    const client = only('AWS::Cognito::UserPoolClient').Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.ReadAttributes).toContain('custom:org_id');
    expect(client.WriteAttributes).not.toContain('custom:org_id');
    only('AWS::Cognito::UserPoolDomain');
  });
});

describe('Class: Alarms', () => {
  it('sends every alarm to the encrypted alarm topic, which e-mails the address from context', () => {
    const topicId = logicalIdOf('AWS::SNS::Topic', () => true);
    expect(only('AWS::SNS::Topic').Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    const alarms = Object.values(ofType('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBe(11);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('watches the 5xx rate, each function, the dead-letter queue and failed payout lines', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' })]),
      Threshold: 1,
    });
    for (const metricName of ['Errors', 'Throttles']) {
      const count = Object.values(ofType('AWS::CloudWatch::Alarm')).filter((a) => a.Properties.MetricName === metricName).length;
      expect(count).toBe(4);
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'PayoutLinesFailed',
      Namespace: 'PayOnPrescription',
      Dimensions: [{ Name: 'service', Value: 'pay-on-prescription' }],
    });
  });
});

describe('Class: PayOnPrescriptionStack > outputs and checks', () => {
  it('outputs what an operator needs after a deploy', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining(['ApiUrl', 'WebhookUrl', 'UserPoolId', 'UserPoolClientId', 'HostedUiDomain', 'StripeSecretArn', 'AlarmTopicArn']),
    );
  });

  it('passes cdk-nag AwsSolutions and Serverless with every finding acknowledged', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const report = pack.validateScope(built.app);
      expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    }
  });
});
