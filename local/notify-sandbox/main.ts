// Runs the Notify stand-in on its own: `npx tsx local/notify-sandbox/main.ts` (port NOTIFY_SANDBOX_PORT, default 12112).
import { startNotifySandbox } from './index.js';

const sandbox = await startNotifySandbox({ port: Number(process.env.NOTIFY_SANDBOX_PORT ?? 12112) });
console.log(`GOV.UK Notify stand-in at ${sandbox.url} (API key ${sandbox.apiKey}); outbox at ${sandbox.url}/_sandbox/outbox`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
