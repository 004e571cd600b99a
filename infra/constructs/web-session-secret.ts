// The web service's session key in Secrets Manager: generated at deploy, the same for every API instance, never in the template.
import { Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface WebSessionSecretProps {
  readonly removalPolicy: RemovalPolicy;
  readonly key: IKey;
}

/**
 * 64 random letters and digits (about 380 bits); the web service hashes it (SHA-256) into the 32-byte
 * key that encrypts its session cookies, so every Lambda instance reads the same sessions.
 */
export class WebSessionSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: WebSessionSecretProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Pay on Prescription web session key (random, generated at deploy; the web service derives its cookie key from it)',
      encryptionKey: props.key,
      removalPolicy: props.removalPolicy,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the session key signs every user out mid-form; sessions last a working day, so it is rolled by hand (put-secret-value with a new random value) when compromise is suspected, as docs/deploy.md says.',
    });
  }
}
