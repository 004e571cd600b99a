// /docs: Swagger UI served from the app itself (the swagger-ui-dist package), so it renders offline
// and behind proxies that block CDNs.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { AppError } from '../../../shared/domain/errors.js';
import type { AppEnv } from '../../runtime/env.js';

export const DOCS_ASSET_PATH = '/docs/assets';

/** The files the page needs, and nothing else the package holds. */
export const DOCS_ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
} as const;
type AssetName = keyof typeof DOCS_ASSETS;

/**
 * Where the files are: the installed package (tests, npm start), or else the `swagger-ui` folder
 * the Lambda bundle carries beside its entry file (copied there at bundling, see infra).
 */
const assetDirectory = (): string => {
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    return join(dirname(fileURLToPath(import.meta.url)), 'swagger-ui');
  }
};

const cache = new Map<AssetName, Promise<Buffer>>();
const readAsset = (name: AssetName): Promise<Buffer> => {
  let file = cache.get(name);
  if (!file) {
    file = readFile(join(assetDirectory(), name));
    // A failed read is not kept: the next request tries again.
    file.catch(() => cache.delete(name));
    cache.set(name, file);
  }
  return file;
};

const page = (title: string, specUrl: string) => `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${DOCS_ASSET_PATH}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_ASSET_PATH}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSET_PATH}/swagger-ui-bundle.js"></script>
<script>
  // validatorUrl null: the default badge would fetch an image from validator.swagger.io.
  window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#swagger-ui', validatorUrl: null });
</script>
</body>
</html>
`;

export const docsRoutes = (options: { title: string; specUrl: string }) =>
  new Hono<AppEnv>()
    .get('/docs', (c) => c.html(page(options.title, options.specUrl)))
    .get(`${DOCS_ASSET_PATH}/:name`, async (c) => {
      const name = c.req.param('name');
      if (!Object.hasOwn(DOCS_ASSETS, name)) throw new AppError('not_found', `There is no GET ${c.req.path}.`);
      const body = await readAsset(name as AssetName);
      return c.body(new Uint8Array(body), 200, {
        'Content-Type': DOCS_ASSETS[name as AssetName],
        'Cache-Control': 'public, max-age=86400',
      });
    });
