// Everything one health system deploys: API, identity, table, payout queue, Stripe secret and alarms, in one stack.
import { Annotations, CfnOutput, Duration, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { devDomainPrefix, type EnvironmentConfig } from '../config.js';
import { Alarms } from '../constructs/alarms.js';
import { ApiFunction, METRICS_NAMESPACE, SERVICE_NAME } from '../constructs/api-function.js';
import { AppTable } from '../constructs/app-table.js';
import { PlatformDashboard } from '../constructs/dashboard.js';
import { AppHttpApi, WEBHOOK_PATH } from '../constructs/http-api.js';
import { Notifications } from '../constructs/notifications.js';
import { PayoutQueue } from '../constructs/payout-queue.js';
import { PlatformKey } from '../constructs/platform-key.js';
import { ScheduledJob } from '../constructs/scheduled-job.js';
import { StripeSecret } from '../constructs/stripe-secret.js';
import { AppUserPool, WEB_AUTH_PATHS } from '../constructs/user-pool.js';
import { WebSessionSecret } from '../constructs/web-session-secret.js';
import { COGNITO_MEMBER_ACTIONS, FUNCTION_TAG, TABLE_ACCESS_BY_FUNCTION, type FunctionName } from '../iam-actions.js';
import { PAYOUT_WORKERS, transfersPerSecondPerWorker } from '../payout-rate.js';
import { apiBundledFiles } from '../bundles.js';

export interface PayOnPrescriptionStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

export class PayOnPrescriptionStack extends Stack {
  constructor(scope: Construct, id: string, props: PayOnPrescriptionStackProps) {
    super(scope, id, props);
    const { config } = props;
    const platformKey = new PlatformKey(this, 'PlatformKey', { removalPolicy: config.dataRemovalPolicy }).key;
    const logs = { logRetention: config.logRetention, logRemovalPolicy: config.logRemovalPolicy, logKey: platformKey };
    /** Binds the function's row of infra/iam-actions.ts and tags it with its name, so tests find it. */
    const bind = <T extends ApiFunction>(fn: T, name: FunctionName): T => {
      Tags.of(fn).add(FUNCTION_TAG, name);
      return fn.bindTable(table, TABLE_ACCESS_BY_FUNCTION[name]);
    };

    const table = new AppTable(this, 'AppTable', {
      removalPolicy: config.dataRemovalPolicy,
      deletionProtection: config.deletionProtection,
    });
    const stripe = new StripeSecret(this, 'StripeSecret', { removalPolicy: config.dataRemovalPolicy });
    const workerTimeout = Duration.seconds(60);
    const payouts = new PayoutQueue(this, 'PayoutQueue', { consumerTimeout: workerTimeout });

    // What every function's shared/config.ts needs; the Stripe secret travels as its ARN only.
    const common = {
      STAGE: config.name,
      AUTH_MODE: 'cognito',
      LOG_LEVEL: config.logLevel,
      GRANT_ID_PREFIX: config.grantIdPrefix,
      STRIPE_SECRET_ARN: stripe.secret.secretArn,
    };
    const api = bind(new ApiFunction(this, 'ApiFunction', {
      entry: 'functions/api/index.ts',
      description: 'Pay on Prescription API (Hono)',
      invocation: 'api-gateway',
      memorySize: 1024,
      timeout: Duration.seconds(25),
      ...logs,
      environment: { ...common, PAYOUT_QUEUE_URL: payouts.queue.queueUrl },
      // Swagger UI's files and the web pages' assets (infra/bundles.ts).
      bundledFiles: apiBundledFiles(),
    }), 'api');
    const webhook = bind(new ApiFunction(this, 'WebhookFunction', {
      entry: 'functions/stripe-webhook/index.ts',
      description: 'Pay on Prescription Stripe webhook (signature verified in code)',
      invocation: 'api-gateway',
      memorySize: 512,
      timeout: Duration.seconds(15),
      ...logs,
      environment: common,
    }), 'webhook');
    const worker = bind(new ApiFunction(this, 'PayoutWorkerFunction', {
      entry: 'functions/payout-worker/index.ts',
      description: 'Pay on Prescription payout worker (one Stripe transfer per line)',
      invocation: 'sqs',
      memorySize: 512,
      timeout: workerTimeout,
      ...logs,
      // PAYOUT_WORKERS at once, each at its share of the configured rate for the Stripe mode
      // (infra/payout-rate.ts: 80% of Stripe's limit). The queue URL is where a slice sends the rest of its run.
      environment: {
        ...common,
        PAYOUT_QUEUE_URL: payouts.queue.queueUrl,
        PAYOUT_TRANSFERS_PER_SECOND: String(transfersPerSecondPerWorker(config.stripeMode)),
        // Each run is paid in this many shards at once, so one run uses the whole rate.
        PAYOUT_WORKERS: String(PAYOUT_WORKERS),
      },
    }), 'worker');
    for (const fn of [api, webhook, worker]) stripe.grantRead(fn);
    // Joy-style response deadline: every hour, referrals unanswered past their deadline expire.
    const expiry = new ScheduledJob(this, 'ExpiryJob', {
      entry: 'functions/expiry-job/index.ts',
      description: 'Pay on Prescription: expire referrals left unanswered past their deadline',
      schedule: Schedule.rate(Duration.hours(1)),
      timeout: Duration.minutes(5),
      memorySize: 512,
      ...logs,
      environment: { STAGE: config.name, AUTH_MODE: 'cognito', LOG_LEVEL: config.logLevel },
    });
    bind(expiry.fn, 'expiry');

    // GOV.UK Notify (docs/notify.md): audit events reach the queue through a Pipe, reminders hourly.
    const notifierTimeout = Duration.seconds(60);
    const notifications = new Notifications(this, 'Notifications', {
      table,
      consumerTimeout: notifierTimeout,
      removalPolicy: config.dataRemovalPolicy,
      key: platformKey,
    });
    const notifier = new ScheduledJob(this, 'Notifier', {
      entry: 'functions/notifier/index.ts',
      description: 'Pay on Prescription notifier (GOV.UK Notify e-mails from audit events, hourly reminders and the hourly delivery check)',
      schedule: Schedule.rate(Duration.hours(1)),
      timeout: notifierTimeout,
      memorySize: 512,
      ...logs,
      environment: {
        STAGE: config.name,
        AUTH_MODE: 'cognito',
        LOG_LEVEL: config.logLevel,
        NOTIFY_SECRET_ARN: notifications.secret.secretArn,
        NOTIFY_QUEUE_URL: notifications.queue.queueUrl,
        ...config.notifyEnvironment,
      },
    });
    bind(notifier.fn, 'notifier');
    notifications.secret.grantRead(notifier.fn);
    notifications.queue.grantSendMessages(notifier.fn);
    // Two at a time: Notify allows 3,000 messages a minute, and each job sends a handful.
    notifier.fn.addEventSource(
      new SqsEventSource(notifications.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }),
    );
    // The API queues approved runs; the worker queues each run's continuation after a slice.
    payouts.queue.grantSendMessages(api);
    payouts.queue.grantSendMessages(worker);
    // One message (one slice of a run) per invocation, so each slice has the whole timeout;
    // PAYOUT_WORKERS at a time, which the pace above is divided by.
    worker.addEventSource(
      new SqsEventSource(payouts.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: PAYOUT_WORKERS }),
    );
    for (const [fn, queue] of [[worker, 'payout'], [notifier.fn, 'notification']] as const) {
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: `SQS event source mappings take no on-failure destination; the ${queue} queue redrives a message to its DLQ after 5 receives, and an alarm watches that DLQ.`,
      });
    }

    const http = new AppHttpApi(this, 'Http', {
      throttle: config.throttle,
      ...logs,
    });
    // The web service is served by the API itself (same origin), plus any separately hosted UI.
    const origins = [http.url, ...config.webOrigins];
    const users = new AppUserPool(this, 'Users', {
      removalPolicy: config.dataRemovalPolicy,
      deletionProtection: config.deletionProtection,
      threatProtection: config.threatProtection,
      domainPrefix: config.cognitoDomainPrefix ?? devDomainPrefix(this.account, config.region),
      callbackUrls: origins.map((origin) => `${origin}${WEB_AUTH_PATHS.callback}`),
      logoutUrls: origins.map((origin) => `${origin}${WEB_AUTH_PATHS.signedOut}`),
      email: config.email,
    });
    const sessions = new WebSessionSecret(this, 'WebSession', { removalPolicy: config.dataRemovalPolicy, key: platformKey });
    sessions.secret.grantRead(api);
    api.addEnvironment('WEB_SESSION_SECRET_ARN', sessions.secret.secretArn);
    api.addEnvironment('COGNITO_DOMAIN', users.domain.baseUrl());
    // Inviting and removing an organisation's people (shared/identity/cognito-directory.ts), on this pool only: create and
    // disable; and, for someone invited back or an invitation that stopped part-way, read, regroup and enable.
    api.addEnvironment('USER_POOL_ID', users.userPool.userPoolId);
    users.userPool.grant(api, ...COGNITO_MEMBER_ACTIONS);
    http.addRoutes({
      apiFunction: api,
      webhookFunction: webhook,
      userPool: users.userPool,
      userPoolClient: users.webClient,
    });

    const auth = {
      JWT_ISSUER: users.issuerUrl,
      JWT_AUDIENCE: users.webClient.userPoolClientId,
      JWKS_URL: `${users.issuerUrl}/.well-known/jwks.json`,
      PUBLIC_URL: http.url,
    };
    for (const fn of [api, webhook, worker, expiry.fn, notifier.fn]) {
      for (const [name, value] of Object.entries(auth)) fn.addEnvironment(name, value);
    }

    const alarms = new Alarms(this, 'Alarms', {
      httpApi: http.httpApi,
      accessLogs: http.accessLogs,
      functions: { Api: api, Webhook: webhook, PayoutWorker: worker, ExpiryJob: expiry.fn, Notifier: notifier.fn },
      stripeLogGroups: { Api: api.logGroup, Webhook: webhook.logGroup, PayoutWorker: worker.logGroup },
      table: table.table,
      payoutQueue: payouts.queue,
      deadLetterQueues: {
        Payout: payouts.deadLetterQueue,
        ExpiryJob: expiry.deadLetterQueue,
        Notification: notifications.deadLetterQueue,
        NotifierSchedule: notifier.deadLetterQueue,
      },
      metricsNamespace: METRICS_NAMESPACE,
      serviceName: SERVICE_NAME,
      alarmEmail: config.alarmEmail,
      key: platformKey,
    });
    const dashboard = new PlatformDashboard(this, 'Dashboard', {
      httpApi: http.httpApi,
      apiLogGroup: api.logGroup,
      accessLogs: http.accessLogs,
      webhookFunction: webhook,
      webhookSignatureFailures: alarms.webhookSignatureFailures,
      stripeErrors: alarms.stripeErrors,
      metricsNamespace: METRICS_NAMESPACE,
      serviceName: SERVICE_NAME,
      alarms: alarms.alarms,
    });

    if (config.name === 'prod' && config.email === undefined) {
      Annotations.of(this).addWarningV2(
        'pop:sesFromEmail',
        'prod sends Cognito invitations with Cognito\'s own sender (a few e-mails a day); pass -c sesFromEmail=<verified address>',
      );
    }
    if (config.name === 'prod' && config.grantIdPrefix === '360G-EXAMPLE') {
      Annotations.of(this).addWarningV2(
        'pop:grantIdPrefix',
        'prod uses the example 360Giving prefix; pass -c grantIdPrefix=360G-<your registered prefix>',
      );
    }

    new CfnOutput(this, 'ApiUrl', { value: http.url, description: 'Base URL of the API and the web service' });
    new CfnOutput(this, 'SignInUrl', { value: `${http.url}/sign-in`, description: 'Where people sign in to the web service' });
    new CfnOutput(this, 'WebhookUrl', {
      value: `${http.url}${WEBHOOK_PATH}`,
      description: 'Register in Stripe twice: a Connect endpoint (account.updated) and an account endpoint (transfer.reversed)',
    });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.webClient.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', { value: users.domain.baseUrl() });
    new CfnOutput(this, 'StripeSecretArn', { value: stripe.secret.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'TableName', { value: table.table.tableName });
    new CfnOutput(this, 'PayoutDeadLetterQueueArn', {
      value: payouts.deadLetterQueue.queueArn,
      description: 'Redrive with: aws sqs start-message-move-task --source-arn <this>',
    });
    new CfnOutput(this, 'ExpiryDeadLetterQueueArn', { value: expiry.deadLetterQueue.queueArn });
    new CfnOutput(this, 'NotifySecretArn', { value: notifications.secret.secretArn, description: 'Put {"apiKey":"<live Notify key>"} here' });
    new CfnOutput(this, 'NotificationDeadLetterQueueArn', {
      value: notifications.deadLetterQueue.queueArn,
      description: 'Redrive with: aws sqs start-message-move-task --source-arn <this>',
    });
    new CfnOutput(this, 'WebSessionSecretArn', { value: sessions.secret.secretArn });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName });
  }
}
