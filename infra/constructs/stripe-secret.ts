// The Stripe keys in Secrets Manager: created with placeholders, filled in by an operator, read by the functions at cold start.
import { Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** The JSON shape the runtime reads from the secret; the values are placeholders until `put-secret-value`. */
export const STRIPE_SECRET_PLACEHOLDER = { secretKey: 'REPLACE_ME', webhookSecret: 'REPLACE_ME' } as const;

export interface StripeSecretProps {
  readonly removalPolicy: RemovalPolicy;
}

export class StripeSecret extends Construct {
  readonly secret: Secret;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: StripeSecretProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Pay on Prescription Stripe API keys',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.secret = new Secret(this, 'Secret', {
      description: 'Stripe secret key and webhook signing secrets: JSON {"secretKey","webhookSecret","platformWebhookSecret"}',
      encryptionKey: this.key,
      removalPolicy: props.removalPolicy,
      // Generated at deploy time so no value, placeholder or real, sits in the template's SecretString.
      generateSecretString: {
        secretStringTemplate: JSON.stringify(STRIPE_SECRET_PLACEHOLDER),
        generateStringKey: 'placeholderNonce',
        excludePunctuation: true,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Stripe API keys are rolled in the Stripe Dashboard (no API to mint them), then stored with put-secret-value as the README describes; a rotation Lambda has nothing to call.',
    });
  }

  /** Read access for a function; it receives only the ARN (STRIPE_SECRET_ARN), never the value. */
  grantRead(grantee: IGrantable): void {
    this.secret.grantRead(grantee);
  }
}
