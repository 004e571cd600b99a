// Reads the source tree as text and names every import that crosses a room's wall, and every file too long.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

export const MAX_LINES = 300;
const SKIP_DIRS = new Set(['node_modules', '.git', 'cdk.out', '.data', 'dist', 'coverage']);
/** What shared/domain may import besides itself: the date library, ulid and node:crypto. */
export const DOMAIN_PACKAGES = ['date-fns', '@date-fns/tz', 'ulid', 'node:crypto'] as const;

export interface SourceFile {
  /** Repository-relative, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

/** Every .ts and .tsx file under `root`, skipping dependencies and build output. */
export const readSources = (root: string): SourceFile[] => {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.ts') || entry.name.endsWith('.tsx')) {
        const full = join(dir, entry.name);
        files.push({ path: relative(root, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return files;
};

const IMPORT = /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a file imports or re-exports, static or dynamic. */
export const importsOf = (text: string): string[] => [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);

/** A relative specifier as the repository path it names (`.js` written, `.ts` on disk); bare ones unchanged. */
export const resolveImport = (from: string, specifier: string): string =>
  specifier.startsWith('.') ? posix.normalize(posix.join(dirname(from), specifier)).replace(/\.js$/, '.ts') : specifier;

const functionsFolder = (path: string): string | undefined => /^functions\/([^/]+)\//.exec(path)?.[1];

/** Entry files that compose rooms: each Lambda's index.ts (not the shared runtime's). */
const composes = (path: string): boolean => /^functions\/[^/]+\/index\.ts$/.test(path) && functionsFolder(path) !== 'runtime';

const inDomain = (path: string) => path.startsWith('shared/domain/');
const domainPackageOk = (specifier: string) => DOMAIN_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`));

/** Every import that breaks the dependency rule, as "file → target: why". */
export const importViolations = (files: readonly SourceFile[]): string[] => {
  const found: string[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file.text)) {
      const target = resolveImport(file.path, specifier);
      const relativeImport = specifier.startsWith('.');
      const from = functionsFolder(file.path);
      const to = relativeImport ? functionsFolder(target) : undefined;
      // Every function folder may use the shared runtime; the runtime itself uses none of them.
      if (from && to && from !== to && to !== 'runtime' && !composes(file.path)) {
        found.push(`${file.path} → ${target}: functions/${from} may not import functions/${to} (only Lambda entry files compose rooms)`);
      }
      if (inDomain(file.path) && !(relativeImport ? inDomain(target) : domainPackageOk(specifier))) {
        found.push(`${file.path} → ${target}: shared/domain imports only itself and ${DOMAIN_PACKAGES.join(', ')}`);
      }
      // The web pages are a client of the API: every rule, refusal and message has its one home there.
      if (from === 'web' && relativeImport && (target.startsWith('shared/store/') || target.startsWith('shared/domain/'))) {
        found.push(`${file.path} → ${target}: functions/web imports neither shared/store nor shared/domain (it calls the API)`);
      }
      if (file.path.startsWith('shared/') && relativeImport && (target.startsWith('functions/') || target.startsWith('local/'))) {
        found.push(`${file.path} → ${target}: shared/ never imports functions/ or local/`);
      }
    }
  }
  return found;
};

/** Every .ts file over MAX_LINES lines, outside the Stripe sandbox (a stand-in for Stripe, kept as one piece). */
export const longFiles = (files: readonly SourceFile[]): string[] =>
  files
    .filter((f) => !f.path.startsWith('local/stripe-sandbox/'))
    .map((f) => ({ path: f.path, lines: f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0) }))
    .filter((f) => f.lines > MAX_LINES)
    .map((f) => `${f.path}: ${f.lines} lines`);
