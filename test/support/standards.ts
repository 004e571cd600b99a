// Validators built with ajv from the published standards in test/fixtures/standards, used unchanged:
// the 360Giving package (with the regrantType code list) and each Open Referral UK API response.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const fixture = (path: string) => new URL(`../fixtures/standards/${path}`, import.meta.url);
const json = (path: string): Record<string, any> => JSON.parse(readFileSync(fixture(path), 'utf8')) as Record<string, any>;

/** Each error as "/path: message", so a failing test names the field. */
const explain = (errors: ErrorObject[] | null | undefined): string[] => (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);

const newAjv = () => {
  // strict: false, because both standards carry keywords of their own (codelist, core, constraints…);
  // validateSchema: false, because 360Giving names the 2020-12 meta-schema by its http:// URL.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  return ajv;
};

// ---- 360Giving 1.4.3 ----

const GRANT_SCHEMA_1_4_2_URL = 'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json';
let packageValidator: ValidateFunction | undefined;

/** The regrantType codes 360Giving publishes (the first column of regrantType.csv). */
export const REGRANT_CODES: ReadonlySet<string> = new Set(
  readFileSync(fixture('360giving/regrantType.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',')[0]!.trim())
    .filter(Boolean),
);

/** Errors of a 360Giving data package against the published package and grant schemas; [] when valid. */
export const threeSixtyGivingErrors = (data: unknown): string[] => {
  if (!packageValidator) {
    const ajv = newAjv();
    const grant = json('360giving/360-giving-schema.json');
    ajv.addSchema(grant);
    // The package schema's items point at the 1.4.2 URL: the same published grant schema answers it.
    ajv.addSchema({ ...grant, $id: GRANT_SCHEMA_1_4_2_URL });
    packageValidator = ajv.compile(json('360giving/360-giving-package-schema.json'));
  }
  const errors = packageValidator(data) ? [] : explain(packageValidator.errors);
  // The code list is closed (openCodelist: false), which JSON Schema alone cannot check.
  const grants = (data as { grants?: { regrantType?: unknown }[] }).grants ?? [];
  grants.forEach((g, i) => {
    if (g.regrantType !== undefined && !REGRANT_CODES.has(String(g.regrantType))) errors.push(`/grants/${i}/regrantType: ${String(g.regrantType)} is not in regrantType.csv`);
  });
  return errors;
};

// ---- Open Referral UK 3.0 API ----

const ORUK_COMPILED = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/';
const ORUK_SCHEMA = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';
const openapi = json('openreferral-uk/openapi.json');
const service = json('openreferral-uk/service.json');

/**
 * The published files that answer each schema URL the OpenAPI document names. The four it names
 * that are not published with it are answered by the published schema that defines the same object
 * (see test/fixtures/standards/README.md); the taxonomy, defined nowhere published, checks only
 * what the Page envelope does.
 */
const ORUK_FILES: Record<string, Record<string, any>> = {
  [`${ORUK_COMPILED}service.json`]: service,
  [`${ORUK_COMPILED}service_list.json`]: service,
  [`${ORUK_COMPILED}service_at_location.json`]: json('openreferral-uk/service_at_location.json'),
  [`${ORUK_COMPILED}service_at_location_list.json`]: json('openreferral-uk/service_at_location.json'),
  [`${ORUK_SCHEMA}taxonomy_term.json`]: service.properties.attributes.items.properties.taxonomy_term,
  [`${ORUK_SCHEMA}taxonomy.json`]: { type: 'object' },
};

let orukAjv: Ajv2020 | undefined;
const orukValidators = new Map<string, ValidateFunction>();

/**
 * The document gives `/service_at_locations/{id}` the service schema although it describes "a fully
 * nested service_at_location"; that response is checked against the published service_at_location.
 */
const RESPONSE_OVERRIDES: Record<string, Record<string, any>> = {
  '/service_at_locations/{id}': { $ref: `${ORUK_COMPILED}service_at_location.json` },
};

/** The 200 response schema the OpenAPI document gives for `path` (as written there, e.g. /services/{id}). */
const responseSchema = (path: string): Record<string, any> => {
  if (RESPONSE_OVERRIDES[path]) return RESPONSE_OVERRIDES[path];
  const schema = openapi.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`The ORUK OpenAPI document has no GET ${path}`);
  return schema as Record<string, any>;
};

/** Errors of an ORUK response body for `path` against the profile's OpenAPI document; [] when valid. */
export const openReferralErrors = (path: string, body: unknown): string[] => {
  if (!orukAjv) {
    orukAjv = newAjv();
    for (const [url, schema] of Object.entries(ORUK_FILES)) orukAjv.addSchema({ ...schema, $id: url });
    // "#/components/..." inside a response schema resolves against the OpenAPI document itself.
    orukAjv.addSchema({ $id: 'oruk-openapi.json', components: openapi.components });
  }
  let validate = orukValidators.get(path);
  if (!validate) {
    const schema = JSON.parse(JSON.stringify(responseSchema(path)).replaceAll('"#/components/', '"oruk-openapi.json#/components/')) as Record<string, any>;
    validate = orukAjv.compile(schema);
    orukValidators.set(path, validate);
  }
  return validate(body) ? [] : explain(validate.errors);
};

/** The paths of the ORUK OpenAPI document, so a test can prove it answered every one. */
export const OPEN_REFERRAL_PATHS: readonly string[] = Object.keys(openapi.paths);
