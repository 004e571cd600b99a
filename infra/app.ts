// The CDK entry (cdk.json): `npx cdk synth|deploy -c env=dev|prod`.
import { buildApp } from './build-app.js';
import { InfraConfigError } from './config.js';

try {
  buildApp().app.synth();
} catch (error) {
  // A configuration mistake is the operator's to fix: say what, without a stack trace.
  if (!(error instanceof InfraConfigError)) throw error;
  console.error(`Cannot synthesize: ${error.message}`);
  process.exitCode = 1;
}
