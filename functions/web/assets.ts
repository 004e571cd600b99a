// The design system's CSS, JavaScript and icons, Chart.js and our own few lines, served by the app (no CDN).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);
/**
 * In the Lambda bundle there is no node_modules: infra/web-bundle.ts copies these files into
 * `web-assets/` beside the code, laid out as in node_modules, and the lookups below fall back to it.
 */
const bundled = join(dirname(fileURLToPath(import.meta.url)), 'web-assets');
const packageDir = (name: string) => {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return join(bundled, name);
  }
};
const versionOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
const nhsukPackage = packageDir('nhsuk-frontend');
const nhsukDir = join(nhsukPackage, 'dist', 'nhsuk');
const nhsukVersion = versionOf(nhsukPackage);
// Chart.js exports no package.json, so its folder is found from its entry file (in dist/).
const chartPackage = (() => {
  try {
    return join(dirname(require.resolve('chart.js')), '..');
  } catch {
    return join(bundled, 'chart.js');
  }
})();
const chartFile = join(chartPackage, 'dist', 'chart.umd.min.js');
const chartVersion = versionOf(chartPackage);
const ownClientDir = join(dirname(fileURLToPath(import.meta.url)), 'client');
const clientDir = existsSync(ownClientDir) ? ownClientDir : join(bundled, 'client');

/**
 * Frutiger, the NHS typeface, is licensed to NHS England and published only from its own CDN, so
 * the served stylesheet drops those @font-face rules and the pages use the design system's own
 * fallback (Arial); no page asks anything of a host outside this service.
 */
const withoutRemoteFonts = (css: string) => css.replace(/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}/g, '');

const hashed = (name: string, body: string) => `/assets/${name}-${createHash('sha256').update(body).digest('hex').slice(0, 10)}`;

interface Asset {
  /** Read on the first request for it: the large files are named by version, so a cold start reads none of them. */
  readonly body: () => string;
  readonly type: string;
}

const files = new Map<string, Asset>();
const once = (read: () => string): (() => string) => {
  let body: string | undefined;
  return () => (body ??= read());
};
const add = (path: string, body: string | (() => string), type: string) => {
  files.set(path, { body: typeof body === 'string' ? () => body : once(body), type });
  return path;
};

const client = (name: string) => readFileSync(join(clientDir, name), 'utf8');
const nhsukJsPath = `/assets/nhsuk-frontend-${nhsukVersion}.min.js`;
const init = `import { initAll } from '${nhsukJsPath}';\ninitAll();\n`;

/** Paths of the assets pages link to; versioned or content-hashed, so browsers may keep them a year. */
export const ASSET = {
  css: add(`/assets/nhsuk-frontend-${nhsukVersion}.min.css`, () => withoutRemoteFonts(readFileSync(join(nhsukDir, `nhsuk-frontend-${nhsukVersion}.min.css`), 'utf8')), 'text/css; charset=utf-8'),
  js: add(nhsukJsPath, () => readFileSync(join(nhsukDir, `nhsuk-frontend-${nhsukVersion}.min.js`), 'utf8'), 'text/javascript; charset=utf-8'),
  init: add(`${hashed('init', init)}.js`, init, 'text/javascript; charset=utf-8'),
  jsEnabled: add(`${hashed('js-enabled', client('js-enabled.js'))}.js`, client('js-enabled.js'), 'text/javascript; charset=utf-8'),
  appCss: add(`${hashed('web', client('web.css'))}.css`, client('web.css'), 'text/css; charset=utf-8'),
  progress: add(`${hashed('progress', client('progress.js'))}.js`, client('progress.js'), 'text/javascript; charset=utf-8'),
  charts: add(`${hashed('charts', client('charts.js'))}.js`, client('charts.js'), 'text/javascript; charset=utf-8'),
  chartJs: add(`/assets/chart-${chartVersion}.umd.min.js`, () => readFileSync(chartFile, 'utf8'), 'text/javascript; charset=utf-8'),
} as const;

const IMAGE_TYPES: Record<string, string> = { svg: 'image/svg+xml', png: 'image/png', ico: 'image/x-icon' };
const imagesDir = join(nhsukDir, 'assets', 'images');

/** Versioned files never change under their name; the icons (named by the design system's CSS) are kept a week. */
const FOREVER = 'public, max-age=31536000, immutable';
const A_WEEK = 'public, max-age=604800';

export const assetRoutes = new Hono()
  .get('/assets/images/:name{[a-z0-9-]+\\.(svg|png|ico)}', (c) => {
    const name = c.req.param('name');
    let body: Buffer;
    try {
      body = readFileSync(join(imagesDir, name));
    } catch {
      return c.notFound();
    }
    const type = IMAGE_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
    return c.body(new Uint8Array(body), 200, { 'content-type': type, 'cache-control': A_WEEK });
  })
  .get('/assets/*', (c) => {
    const asset = files.get(c.req.path);
    if (!asset) return c.notFound();
    return c.body(asset.body(), 200, {
      'content-type': asset.type,
      'cache-control': FOREVER,
      'x-content-type-options': 'nosniff',
    });
  });
