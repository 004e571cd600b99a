// The process the crash tests kill: `npm start`'s wiring (buildDeps, the in-process payout worker, the API
// and webhook over HTTP, runs left unfinished resumed at start) on the test's table and Stripe sandbox. It
// SIGKILLs itself at its CRASH_AT_CALL-th DynamoDB call, before the call is sent or, with
// CRASH_WHEN=after, once DynamoDB has answered it (the write landed, the process never heard).
import { serve } from '@hono/node-server';
import { inProcessPayouts } from '../../functions/payout-worker/dispatch.js';
import { buildDeps } from '../../functions/runtime/build-deps.js';
import { composeLocalApp } from '../../local/compose-app.js';
import { resumePayoutRuns } from '../../local/resume-payouts.js';
import { loadConfig } from '../../shared/config.js';

const crashAt = Number(process.env.CRASH_AT_CALL ?? 0);
const crashAfter = process.env.CRASH_WHEN === 'after';
const die = () => process.kill(process.pid, 'SIGKILL');

const config = loadConfig({ AUTH_MODE: 'local', STAGE: 'local', ...process.env });
const deps = await buildDeps(config, { dataDir: process.env.DATA_DIR ?? '.data', inProcessPayouts });
let calls = 0;
// The initialize step sees each command once, however often the SDK retries it.
deps.store.raw.middlewareStack.add(
  (next) => async (args) => {
    calls += 1;
    const fatal = calls === crashAt;
    if (fatal && !crashAfter) die();
    const result = await next(args);
    if (fatal && crashAfter) die();
    return result;
  },
  { step: 'initialize', name: 'crashAtCall' },
);

const app = composeLocalApp(deps);
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const address = server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
if (deps.payouts) await resumePayoutRuns(deps.store, deps.payouts);
process.on('SIGTERM', () => {
  server.close();
  void deps.payouts?.idle().then(() => process.exit(0));
});
