// The HTTP API: Cognito JWT authorizer on every route but the few that must be public, JSON access logs, throttling, CORS.
import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type HttpRoute,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const WEBHOOK_PATH = '/v1/stripe/webhook';

/** Routes that answer without a token, each with the reason it must. Everything else needs a Cognito JWT. */
const PUBLIC_API_ROUTES = [
  { path: '/health', reason: 'Liveness probe for load balancers and uptime checks; returns only status and versions.' },
  { path: '/openapi.json', reason: 'The public OpenAPI description of the API; contains no data.' },
  { path: '/docs', reason: 'The public API reference page rendered from /openapi.json; contains no data.' },
  { path: '/docs/assets/{name}', reason: 'Swagger UI’s own script, stylesheet and icon for /docs, served by the API; contains no data.' },
  { path: '/onboarding-complete', reason: 'Where Stripe returns a VCSE after hosted onboarding: a static thank-you page with no data.' },
  { path: '/onboarding-refresh', reason: 'Where Stripe sends a VCSE whose onboarding link expired: a static page with no data.' },
] as const;

/** One line of JSON per request: what an on-call engineer needs, and no tokens or bodies. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    userAgent: '$context.identity.userAgent',
  }),
);

export interface AppHttpApiProps {
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Origins of a separately hosted web UI; empty when the UI is served by the API itself (same origin). */
  readonly corsOrigins: readonly string[];
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

export interface AppHttpApiTargets {
  readonly apiFunction: IFunction;
  readonly webhookFunction: IFunction;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
}

export class AppHttpApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: AppHttpApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Api', {
      description: 'Pay on Prescription API v1',
      createDefaultStage: false,
      // API Gateway answers CORS preflight itself, before the authorizer, for the listed origins only.
      corsPreflight:
        props.corsOrigins.length === 0
          ? undefined
          : {
              allowOrigins: [...props.corsOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
              exposeHeaders: ['x-request-id'],
              maxAge: Duration.hours(1),
            },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });
  }

  /**
   * Adds the routes. Separate from the constructor because the user pool client's callback URLs
   * need this API's URL, and the authorizer needs that client.
   */
  addRoutes(props: AppHttpApiTargets): void {
    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
      userPoolClients: [props.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    const api = new HttpLambdaIntegration('ApiIntegration', props.apiFunction);
    const webhook = new HttpLambdaIntegration('WebhookIntegration', props.webhookFunction);

    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration: api, authorizer });
    for (const route of PUBLIC_API_ROUTES) {
      this.acknowledgePublic(
        this.httpApi.addRoutes({ path: route.path, methods: [HttpMethod.GET], integration: api }),
        route.reason,
      );
    }
    this.acknowledgePublic(
      this.httpApi.addRoutes({ path: WEBHOOK_PATH, methods: [HttpMethod.POST], integration: webhook }),
      'Stripe cannot send a Cognito token: the webhook function verifies the Stripe-Signature HMAC over the raw body and rejects anything else with 400.',
    );
  }

  /** The base URL, ending without a slash. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }

  private acknowledgePublic(routes: HttpRoute[], reason: string): void {
    for (const route of routes) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    }
  }
}
