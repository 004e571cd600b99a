// The HTTP API: Cognito JWT authorizer on /v1/*, the web pages on $default (the app checks their session), JSON access logs, throttling, CORS.
import { Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const WEBHOOK_PATH = '/v1/stripe/webhook';

/** Everything under it needs a Cognito JWT at the gateway, except the Stripe webhook. */
export const API_PREFIX = '/v1';

/** Why the pages need no authorizer: the gateway cannot read a cookie, so the app checks it. */
const WEB_ROUTE_REASON =
  'The web service (pages, /sign-in, /auth/callback, /sign-out, /assets/*), /health, /openapi.json and /docs: a browser carries its session in an HttpOnly cookie, which a JWT authorizer cannot read, so the app verifies the cookie\'s ID token against the same user pool JWKS, issuer and audience, and sends a signed-out visit to /sign-in. Every /v1/* API route keeps the JWT authorizer.';

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
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** The platform key, for the access log group. */
  readonly logKey: IKey;
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
  /** One JSON line per request (ACCESS_LOG_FORMAT); alarms count webhook refusals from it. */
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: AppHttpApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Api', {
      description: 'Pay on Prescription API v1',
      createDefaultStage: false,
      // No CORS at the gateway: once configured, API Gateway drops the integration's own CORS headers,
      // and the Open Referral UK API must answer `Access-Control-Allow-Origin: *` (its profile says so).
      // Each app answers CORS itself; the web pages are same-origin, so the v1 API answers none.
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
      encryptionKey: props.logKey,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: ACCESS_LOG_FORMAT },
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

    // The most specific route wins: /v1/* needs a token; the webhook and the pages do not.
    this.httpApi.addRoutes({ path: `${API_PREFIX}/{proxy+}`, methods: [HttpMethod.ANY], integration: api, authorizer });
    this.acknowledgePublic(
      this.httpApi.addRoutes({ path: WEBHOOK_PATH, methods: [HttpMethod.POST], integration: webhook }),
      'Stripe cannot send a Cognito token: the webhook function verifies the Stripe-Signature HMAC over the raw body and rejects anything else with 400.',
    );
    const pages = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: api,
    });
    this.acknowledgePublic([pages], WEB_ROUTE_REASON);
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
