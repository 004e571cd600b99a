// The design system's files served by the app itself, read on first request, without the NHS CDN's fonts.
import { describe, expect, it } from 'vitest';
import { ASSET, assetRoutes } from './assets.js';

describe('Web: assets', () => {
  it('serves the design system’s stylesheet, kept a year, with no font from outside this service', async () => {
    const first = await assetRoutes.request(ASSET.css);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(first.headers.get('cache-control')).toContain('immutable');
    const css = await first.text();
    expect(css.length).toBeGreaterThan(10_000);
    expect(css).not.toContain('assets.nhs.uk');
    // Read once: the second answer is the same text.
    expect(await (await assetRoutes.request(ASSET.css)).text()).toBe(css);
  });

  it('serves Chart.js and the design system’s script under their versioned names', async () => {
    for (const path of [ASSET.chartJs, ASSET.js]) {
      const res = await assetRoutes.request(path);
      expect(res.status, path).toBe(200);
      expect((await res.text()).length, path).toBeGreaterThan(10_000);
    }
  });
});
