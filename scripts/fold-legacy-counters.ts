// `npm run migrate:legacy-counters`: an existing table's counters from before write sharding folded into shard 0, once.
import { loadConfig } from '../shared/config.js';
import { createStore } from '../shared/store/client.js';
import { foldLegacyCounters } from '../shared/store/legacy-counters.js';

const config = loadConfig({ AUTH_MODE: 'local', ...process.env });
// DYNAMODB_ENDPOINT points at DynamoDB Local (npm start uses http://127.0.0.1:8000); unset, it is AWS.
const store = createStore({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
const result = await foldLegacyCounters(store);
console.log(`Legacy counters folded into shard 0: ${result.folded.toLocaleString('en-GB')} of ${result.found.toLocaleString('en-GB')} old items folded.`);
