// The Cognito user pool: the contract's roles as groups, custom:org_id, MFA for everyone, and the web UI's client.
import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  UserPoolEmail,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { SesEmail } from '../config.js';

/** The contract's roles; they reach the API as `cognito:groups`. Lower precedence wins in the role claim. */
export const ROLE_GROUPS = [
  { name: 'admin', description: 'Creates organisations and users; platform administration', precedence: 0 },
  { name: 'fund_manager', description: 'Manages funds, agreements and payout runs (four eyes)', precedence: 10 },
  { name: 'commissioner', description: 'Reads and audits everything, writes nothing', precedence: 20 },
  { name: 'vcse', description: 'A VCSE organisation: activities, acceptances, outcomes', precedence: 30 },
  { name: 'link_worker', description: 'Refers residents to activities', precedence: 40 },
] as const;

export interface AppUserPoolProps {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly threatProtection: 'AUDIT' | 'ENFORCED';
  readonly domainPrefix: string;
  /** Where the hosted UI may return a code: the web service's `/auth/callback` on each origin. */
  readonly callbackUrls: string[];
  /** Where Cognito's /logout may send the browser after ending its session. */
  readonly logoutUrls: string[];
  /** Invitations and password resets through SES; Cognito's own sender (a small daily quota) if absent. */
  readonly email: SesEmail | undefined;
}

export class AppUserPool extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: AppUserPoolProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Pool', {
      // Admins create users (admin-create-user); nobody can sign themselves up into a payments system.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Mutable so an admin can move a user between organisations without deleting their history;
      // the web client below cannot write it, so only AdminUpdateUserAttributes (IAM) can change it.
      customAttributes: { org_id: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      // Required for every user, not only admins and fund managers: Cognito cannot require MFA per
      // group, and every role sees referral or payment data. TOTP only (no SMS to phish or pay for).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // SES from the operator's verified identity: Cognito's own sender allows only a few e-mails a day.
      email:
        props.email === undefined
          ? UserPoolEmail.withCognito()
          : UserPoolEmail.withSES({
              fromEmail: props.email.from,
              fromName: 'Pay on Prescription',
              ...(props.email.identity === props.email.from ? {} : { sesVerifiedDomain: props.email.identity }),
            }),
      // Plus is the plan with threat protection (compromised credentials, adaptive authentication).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode:
        props.threatProtection === 'ENFORCED'
          ? StandardThreatProtectionMode.FULL_FUNCTION
          : StandardThreatProtectionMode.AUDIT_ONLY,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
      userInvitation: {
        emailSubject: 'Your Pay on Prescription account',
        emailBody:
          'You have been given a Pay on Prescription account. Sign in with {username} and the temporary password {####}, then set up an authenticator app.',
      },
    });

    for (const group of ROLE_GROUPS) {
      new UserPoolGroup(this, `Group-${group.name}`, {
        userPool: this.userPool,
        groupName: group.name,
        description: group.description,
        precedence: group.precedence,
      });
    }

    // A public client for the browser: authorization code grant with PKCE, no secret to leak.
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls,
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes('org_id'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
  }

  /** The issuer the API's JWT authorizer and the app's own verifier both check. */
  get issuerUrl(): string {
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
