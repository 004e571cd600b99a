// Which Notify the notifier talks to, and the refusal to start with a real key but no template ids.
import { describe, expect, it } from 'vitest';
import { resolveNotifySettings } from '../../shared/notify/settings.js';
import { NOTIFICATION_KINDS, templateIdVariable } from '../../shared/notify/templates.js';

const REAL_KEY = 'live_key-11111111-2222-4333-8444-555555555555-66666666-7777-4888-8999-000000000000';
const allTemplates = Object.fromEntries(NOTIFICATION_KINDS.map((kind, i) => [templateIdVariable(kind), `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`]));

describe('Function: resolveNotifySettings', () => {
  it('refuses to start with a real key when a template id is missing, naming each one', async () => {
    const { NOTIFY_TEMPLATE_REMITTANCE_ADVICE: _left, ...most } = allTemplates;
    await expect(resolveNotifySettings({ NOTIFY_API_KEY: REAL_KEY, ...most })).rejects.toThrow(/not set: NOTIFY_TEMPLATE_REMITTANCE_ADVICE\./);
  });

  it('uses the real key with every template id given', async () => {
    const settings = await resolveNotifySettings({ NOTIFY_API_KEY: REAL_KEY, ...allTemplates });
    expect(settings?.apiKey).toBe(REAL_KEY);
    expect(settings?.templates.remittance_advice).toBe(allTemplates.NOTIFY_TEMPLATE_REMITTANCE_ADVICE);
  });

  it('lets the local stand-in use its own template ids', async () => {
    const settings = await resolveNotifySettings({ NOTIFY_SANDBOX_URL: 'http://127.0.0.1:12112' });
    expect(settings?.baseUrl).toBe('http://127.0.0.1:12112');
  });
});
