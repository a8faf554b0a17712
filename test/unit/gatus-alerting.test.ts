/**
 * Gatus' alerting imports unchanged: every provider CrossCheck has a channel for, its
 * default-alert, and an endpoint's alerts with their thresholds, send-on-resolved,
 * minimum-reminder-interval and description; bad values named by the Gatus key.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.ts';
import { parseConfigFile } from '../../functions/core/gatus-config.ts';

const FILE = `
alerting:
  slack:
    webhook-url: "https://hooks.slack.com/services/T0/B0/XXX"
    default-alert:
      description: "healthcheck failed"
      send-on-resolved: true
      failure-threshold: 3
      success-threshold: 2
  discord:
    webhook-url: "https://discord.com/api/webhooks/1/abc"
  teams-workflows:
    webhook-url: "https://prod.westeurope.logic.azure.com/workflows/x"
  telegram:
    token: "123456:ABC"
    id: "-100200300"
  pagerduty:
    integration-key: "0123456789abcdef0123456789abcdef"
  opsgenie:
    api-key: "00000000-0000-0000-0000-000000000000"
    priority: p2
    source: gatus
  ntfy:
    topic: "crosscheck"
    url: "https://ntfy.example.org"
    priority: 4
  custom:
    url: "https://hooks.example.org/alert"
    method: "POST"
    body: '{"text": "[ENDPOINT_NAME] [ALERT_TRIGGERED_OR_RESOLVED]: [RESULT_ERRORS]"}'
    placeholders:
      ALERT_TRIGGERED_OR_RESOLVED:
        TRIGGERED: "DOWN"
        RESOLVED: "UP"
  email:
    from: "gatus@example.org"
    username: "gatus@example.org"
    password: "hunter2"
    host: "smtp.example.org"
    port: 587
    to: "ops@example.org,dev@example.org"
endpoints:
  - name: website
    url: "https://example.org"
    alerts:
      - type: slack
        failure-threshold: 5
        minimum-reminder-interval: 30m
      - type: pagerduty
        send-on-resolved: true
        description: "wake someone"
      - type: email
      - type: custom
        enabled: false
      - type: ntfy
`;

describe('Gatus alerting', () => {
  it('turns each provider into a channel named after it, default-alert into its behaviour', () => {
    const { channels, smtp } = parseConfigFile(FILE);
    expect(channels.map((c) => `${c.name}:${c.type}`)).toEqual([
      'slack:slack', 'discord:discord', 'teams-workflows:teams', 'telegram:telegram', 'pagerduty:pagerduty', 'opsgenie:opsgenie', 'ntfy:ntfy', 'custom:webhook',
    ]);
    expect(channels[0]).toMatchObject({ webhookUrl: 'https://hooks.slack.com/services/T0/B0/XXX', description: 'healthcheck failed', sendOnResolved: true, failureThreshold: 3, successThreshold: 2 });
    // Gatus does not send on resolved unless told.
    expect(channels[1]).toMatchObject({ sendOnResolved: false });
    expect(channels[3]).toMatchObject({ token: '123456:ABC', chatId: '-100200300', apiUrl: 'https://api.telegram.org' });
    expect(channels[5]).toMatchObject({ apiKey: '00000000-0000-0000-0000-000000000000', priority: 'P2' });
    expect(channels[6]).toMatchObject({ topic: 'crosscheck', url: 'https://ntfy.example.org', priority: 4 });
    expect(channels[7]).toMatchObject({ type: 'webhook', method: 'POST', body: expect.stringContaining('[ENDPOINT_NAME]'), placeholders: { ALERT_TRIGGERED_OR_RESOLVED: { TRIGGERED: 'DOWN', RESOLVED: 'UP' } } });
    expect(smtp).toEqual({ host: 'smtp.example.org', port: 587, username: 'gatus@example.org', password: 'hunter2', from: 'gatus@example.org' });
  });

  it("turns an endpoint's alerts into channel references with their own settings; e-mail stays the monitor's recipients", () => {
    const { monitors, warnings } = parseConfigFile(FILE);
    expect(monitors[0]!.alerts).toEqual({
      email: ['ops@example.org', 'dev@example.org'],
      webhooks: [],
      channels: [
        { channel: 'slack', failureThreshold: 5, remindEveryMinutes: 30 },
        { channel: 'pagerduty', sendOnResolved: true, description: 'wake someone' },
        { channel: 'custom', enabled: false },
        { channel: 'ntfy' },
      ],
    });
    expect(warnings).toEqual(['alerting.opsgenie.source: no meaning in CrossCheck, ignored']);
  });

  it("takes CrossCheck's own `- channel: <name>` references in the list too", () => {
    const { monitors } = parseConfigFile('endpoints:\n  - name: a\n    url: https://a.example\n    alerts:\n      - channel: ops-slack\n        remindEveryMinutes: 60\n');
    expect(monitors[0]!.alerts.channels).toEqual([{ channel: 'ops-slack', remindEveryMinutes: 60 }]);
  });

  it.each([
    ['an alert whose provider is not configured', 'endpoints:\n  - name: a\n    url: https://a.example\n    alerts:\n      - type: discord\n', 'endpoints[0].alerts[0].type', 'discord alerts need alerting.discord'],
    ['a bad webhook URL, by its Gatus key', 'alerting:\n  slack:\n    webhook-url: "ftp://x"\n', 'alerting.slack.webhook-url', 'scheme ftp is not supported; use http or https'],
    ['an unknown provider key', 'alerting:\n  slack:\n    webhook-url: "https://h.example/x"\n    channel: "#ops"\n', 'alerting.slack.channel', 'unknown key (expected webhook-url, title, default-alert)'],
    ['a reminder that is no duration', 'alerting:\n  ntfy:\n    topic: t\nendpoints:\n  - name: a\n    url: https://a.example\n    alerts:\n      - type: ntfy\n        minimum-reminder-interval: often\n', 'endpoints[0].alerts[0].minimum-reminder-interval', "'often' must be a whole number of minutes such as 30m or 24h"],
  ])('refuses %s, naming it', (_what, text, path, message) => {
    let error: unknown;
    try {
      parseConfigFile(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toContainEqual({ path, message });
  });
});
