// `npm run stripe:schemas`: JSON Schemas for the Stripe objects the sandbox renders, derived from the installed `stripe` package's types.
//
// Written to test/fixtures/stripe-schemas.json with the SDK's version and a hash of the .d.ts files
// read; test/integration/stripe-drift.int.test.ts fails when they no longer match the installed SDK
// (run this script again after an upgrade, then fix the sandbox until the drift test passes).
//
// Every property the SDK declares non-optional is required, and no property it does not declare is
// allowed (so `total_count` on a list fails). Types from files outside FOLLOWED (Customer, Charge,
// Person, ...) are objects the sandbox never renders: they are checked only as "an object".
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sdk = resolve(root, 'node_modules/stripe/esm');
export const SCHEMA_FILE = resolve(root, 'test/fixtures/stripe-schemas.json');

/** The SDK files whose types are followed in full. */
export const FOLLOWED = [
  'resources/Accounts.d.ts', 'resources/AccountLinks.d.ts', 'resources/Transfers.d.ts', 'resources/TransferReversals.d.ts',
  'resources/BalanceTransactions.d.ts', 'resources/Payouts.d.ts', 'resources/Balance.d.ts', 'resources/Events.d.ts',
  'lib.d.ts', 'shared.d.ts', 'Types.d.ts',
] as const;

/** The schemas the drift test uses, by name: each the SDK type of that name. */
const ROOTS = {
  Account: 'Stripe.Account',
  AccountLink: 'Stripe.AccountLink',
  Transfer: 'Stripe.Transfer',
  TransferReversal: 'Stripe.TransferReversal',
  Balance: 'Stripe.Balance',
  BalanceTransaction: 'Stripe.BalanceTransaction',
  Payout: 'Stripe.Payout',
  AccountList: 'Stripe.ApiList<Stripe.Account>',
  TransferList: 'Stripe.ApiList<Stripe.Transfer>',
  TransferReversalList: 'Stripe.ApiList<Stripe.TransferReversal>',
  BalanceTransactionList: 'Stripe.ApiList<Stripe.BalanceTransaction>',
  PayoutList: 'Stripe.ApiList<Stripe.Payout>',
  ErrorBody: '{ error: Stripe.StripeRawError & { type: string } }',
  'event:account.updated': 'Stripe.AccountUpdatedEvent',
  'event:transfer.created': 'Stripe.TransferCreatedEvent',
  'event:transfer.reversed': 'Stripe.TransferReversedEvent',
  'event:payout.created': 'Stripe.PayoutCreatedEvent',
  'event:payout.paid': 'Stripe.PayoutPaidEvent',
} as const;

type Schema = Record<string, unknown>;

export const typesHash = (): string => {
  const hash = createHash('sha256');
  for (const file of FOLLOWED) hash.update(readFileSync(resolve(sdk, file)));
  return hash.digest('hex');
};

export const sdkVersion = (): string => (JSON.parse(readFileSync(resolve(root, 'node_modules/stripe/package.json'), 'utf8')) as { version: string }).version;

const generate = () => {
  const entry = resolve(root, 'scripts/.stripe-schema-roots.ts');
  const text = `import type Stripe from 'stripe';\n${Object.entries(ROOTS).map(([name, type], i) => `export type Root${i} = ${type}; // ${name}`).join('\n')}\n`;
  const host = ts.createCompilerHost({});
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (resolve(file) === entry ? text : readFile(file));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => resolve(file) === entry || fileExists(file);
  const program = ts.createProgram(
    [entry],
    { strict: true, skipLibCheck: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    host,
  );
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const definitions: Record<string, Schema> = {};
  const followed = new Set(FOLLOWED.map((file) => resolve(sdk, file)));

  const declaredIn = (symbol: ts.Symbol | undefined): string | undefined => symbol?.declarations?.[0]?.getSourceFile().fileName;
  // The roots' own aliases (Root0, ...) name nothing of Stripe's: look through them.
  const symbolOf = (type: ts.Type): ts.Symbol | undefined =>
    type.aliasSymbol && declaredIn(type.aliasSymbol) !== entry ? type.aliasSymbol : type.getSymbol();
  const nameOf = (type: ts.Type): string | undefined => {
    const symbol = symbolOf(type);
    if (!symbol || symbol.flags & ts.SymbolFlags.TypeLiteral || symbol.name === '__type' || symbol.name === '__object') return undefined;
    const file = declaredIn(symbol);
    const args = (symbol === type.aliasSymbol ? type.aliasTypeArguments : (type as ts.TypeReference).typeArguments) ?? [];
    const base = `${file ? relative(sdk, file).replace(/\.d\.ts$/, '') : 'ts'}#${checker.getFullyQualifiedName(symbol).replace(/^".*"\./, '')}`;
    return args.length ? `${base}<${args.map((a) => checker.typeToString(a)).join(',')}>` : base;
  };

  const convert = (type: ts.Type): Schema => {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (f & ts.TypeFlags.StringLiteral) return { const: (type as ts.StringLiteralType).value };
    if (f & ts.TypeFlags.NumberLiteral) return { const: (type as ts.NumberLiteralType).value };
    if (f & ts.TypeFlags.BooleanLiteral) return { const: (type as unknown as { intrinsicName: string }).intrinsicName === 'true' };
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.Null) return { type: 'null' };
    if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never)) return { not: {} };
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
      if (members.length === 0) return { not: {} };
      if (members.length === 1) return convert(members[0]!);
      const consts = members.filter((t) => t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.BooleanLiteral | ts.TypeFlags.NumberLiteral));
      if (consts.length === members.length) return { enum: consts.map((t) => convert(t).const) };
      return { anyOf: members.map(convert) };
    }
    if (checker.isArrayType(type)) return { type: 'array', items: convert(checker.getTypeArguments(type as ts.TypeReference)[0]!) };
    // `string & {}` is how the SDK keeps a union of literals open to new values: any string.
    if (type.isIntersection()) return type.types.some((t) => t.flags & ts.TypeFlags.String) ? { type: 'string' } : objectSchema(type);
    if (f & ts.TypeFlags.Object) {
      const name = nameOf(type);
      if (!name) return objectSchema(type);
      const file = declaredIn(symbolOf(type));
      if (!file || !followed.has(resolve(file))) return { type: 'object' };
      if (!definitions[name]) {
        definitions[name] = {};
        definitions[name] = objectSchema(type);
      }
      return { $ref: `#/definitions/${encodeURIComponent(name)}` };
    }
    return {};
  };

  const objectSchema = (type: ts.Type): Schema => {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration ?? source);
      if (propertyType.getCallSignatures().length > 0) continue;
      // `lastResponse` is the SDK's own, not part of Stripe's object.
      if (property.name === 'lastResponse') continue;
      properties[property.name] = convert(propertyType);
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    return { type: 'object', properties, required, additionalProperties: index ? convert(index.type) : false };
  };

  const roots: Record<string, Schema> = {};
  const aliases = source.statements.filter(ts.isTypeAliasDeclaration);
  Object.keys(ROOTS).forEach((name, i) => {
    roots[name] = convert(checker.getTypeAtLocation(aliases[i]!.name));
  });
  return { roots, definitions };
};

const main = () => {
  const { roots, definitions } = generate();
  const document = { generatedBy: 'npm run stripe:schemas', stripeVersion: sdkVersion(), typesHash: typesHash(), roots, definitions };
  writeFileSync(SCHEMA_FILE, `${JSON.stringify(document)}\n`);
  console.log(`Wrote ${relative(root, SCHEMA_FILE)}: ${Object.keys(roots).length} roots, ${Object.keys(definitions).length} definitions, stripe ${document.stripeVersion}.`);
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
