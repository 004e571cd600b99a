// `npm run audit:verify -- --fund <id>`: operators check a fund's audit chains straight against the table.
import { parseArgs } from 'node:util';
import { loadConfig } from '../shared/config.js';
import { verifyFundAudit } from '../shared/store/audit.js';
import { createStore } from '../shared/store/client.js';

const { values } = parseArgs({ options: { fund: { type: 'string' }, json: { type: 'boolean', default: false } } });
if (!values.fund) {
  console.error('Usage: npm run audit:verify -- --fund <fundId> [--json]\n(uses TABLE_NAME, and DYNAMODB_ENDPOINT for DynamoDB Local, e.g. http://127.0.0.1:8000)');
  process.exit(2);
}
const config = loadConfig({ AUTH_MODE: 'local', ...process.env });
// DYNAMODB_ENDPOINT points at DynamoDB Local (npm start uses http://127.0.0.1:8000); unset, it is AWS.
const store = createStore({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
const result = await verifyFundAudit(store, values.fund);
if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else if (result.ok) {
  console.log(`Audit trail of ${values.fund} verified: ${result.checked} events in ${result.chains} chains, none altered.`);
} else {
  console.log(`Audit trail of ${values.fund} is BROKEN: first broken event ${result.firstBrokenId}.`);
  for (const b of result.breaks) console.log(`  chain ${b.chainId}: ${b.reason} at ${b.eventId ?? '(end of chain)'}`);
}
process.exit(result.ok ? 0 : 1);
