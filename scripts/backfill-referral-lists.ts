// `npm run backfill:referral-lists`: an existing table's referrals put into the list indexes (gsi4–gsi7), once.
import { loadConfig } from '../shared/config.js';
import { createStore } from '../shared/store/client.js';
import { backfillReferralLists } from '../shared/store/referral-index-backfill.js';

const config = loadConfig({ AUTH_MODE: 'local', ...process.env });
// DYNAMODB_ENDPOINT points at DynamoDB Local (npm start uses http://127.0.0.1:8000); unset, it is AWS.
const store = createStore({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
const result = await backfillReferralLists(store);
console.log(`Referral lists backfilled: ${result.updated.toLocaleString('en-GB')} of ${result.referrals.toLocaleString('en-GB')} referrals updated.`);
