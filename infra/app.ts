// The CDK entry (cdk.json): `npx cdk synth|deploy -c env=dev|prod`.
import { buildApp } from './build-app.js';

buildApp().app.synth();
