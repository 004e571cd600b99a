// Builds the CDK app: configuration from context, the one stack, and cdk-nag's AwsSolutions and Serverless packs.
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { resolveEnvironmentConfig, type EnvironmentConfig } from './config.js';
import { PayOnPrescriptionStack } from './stacks/pay-on-prescription-stack.js';

export interface BuiltApp {
  readonly app: App;
  readonly stack: PayOnPrescriptionStack;
  readonly config: EnvironmentConfig;
}

/** `props.context` stands in for `-c key=value` in tests; the CLI passes context through the environment. */
export const buildApp = (props: AppProps = {}): BuiltApp => {
  const app = new App(props);
  const config = resolveEnvironmentConfig((key) => app.node.tryGetContext(key));
  const stack = new PayOnPrescriptionStack(app, `PayOnPrescription-${config.name}`, {
    config,
    description: `Pay on Prescription (${config.name}): API, identity, table, payouts, alarms`,
    // The region is chosen in context, not taken from the CLI's profile, so a deploy lands where it was reviewed.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
    terminationProtection: config.name === 'prod',
    tags: { application: 'pay-on-prescription', environment: config.name },
  });
  // cdk-nag v3 runs as CDK validation plugins: any unacknowledged finding stops synthesis.
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
  return { app, stack, config };
};
