// What the web service reads at cold start (functions/web/assets.ts), copied into the API function's bundle as web-assets/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One folder of the asset and the repository paths (files or folders) copied into it. */
export interface BundledFiles {
  readonly into: string;
  readonly from: readonly string[];
}

/** The folder functions/web/assets.ts falls back to when node_modules is not there; laid out as in node_modules. */
export const WEB_ASSETS_DIR = 'web-assets';

/** The files, by the installed design system's version (its CSS and JS are named by it). */
export const webBundledFiles = (repoRoot: string): BundledFiles[] => {
  const version = (JSON.parse(readFileSync(join(repoRoot, 'node_modules/nhsuk-frontend/package.json'), 'utf8')) as { version: string }).version;
  const nhsuk = 'node_modules/nhsuk-frontend';
  return [
    { into: `${WEB_ASSETS_DIR}/nhsuk-frontend`, from: [`${nhsuk}/package.json`] },
    {
      into: `${WEB_ASSETS_DIR}/nhsuk-frontend/dist/nhsuk`,
      from: [`${nhsuk}/dist/nhsuk/nhsuk-frontend-${version}.min.css`, `${nhsuk}/dist/nhsuk/nhsuk-frontend-${version}.min.js`],
    },
    { into: `${WEB_ASSETS_DIR}/nhsuk-frontend/dist/nhsuk/assets`, from: [`${nhsuk}/dist/nhsuk/assets/images`] },
    { into: `${WEB_ASSETS_DIR}/chart.js`, from: ['node_modules/chart.js/package.json'] },
    { into: `${WEB_ASSETS_DIR}/chart.js/dist`, from: ['node_modules/chart.js/dist/chart.umd.min.js'] },
    { into: WEB_ASSETS_DIR, from: ['functions/web/client'] },
  ];
};
