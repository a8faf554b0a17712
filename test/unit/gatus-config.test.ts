import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.ts';
import { parseConfigFile } from '../../functions/core/gatus-config.ts';

function issuesOf(text: string): { path: string; message: string }[] {
  try {
    parseConfigFile(text);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseConfigFile', () => {
  it('reads a Gatus file unchanged, translating Gatus names', () => {
    const { monitors, warnings } = parseConfigFile(`
storage:
  type: sqlite
alerting:
  email:
    from: gatus@example.org
    to: "ops@example.org, oncall@example.org"
endpoints:
  - name: website
    group: core
    url: "https://example.org/health"
    interval: 30s
    client:
      insecure: true
      timeout: 5s
    conditions:
      - "[STATUS] == 200"
      - "[BODY].status == UP"
      - "[RESPONSE_TIME] < 300"
    alerts:
      - type: email
        failure-threshold: 3
        success-threshold: 2
  - name: api
    url: "http://127.0.0.1:9000/"
    method: POST
    body: '{"ping": true}'
    headers:
      Content-Type: application/json
    enabled: false
    regions: [local-a]
`);
    expect(warnings).toEqual(['storage: Gatus setting with no meaning in CrossCheck, ignored']);
    expect(monitors).toHaveLength(2);
    const [website, api] = monitors;
    expect(website).toMatchObject({
      name: 'website',
      url: 'https://example.org/health',
      intervalSeconds: 30,
      tags: ['core'],
      verifyTls: false,
      timeoutMs: 5000,
      conditions: ['[STATUS] == 200', '[BODY].status == UP', '[RESPONSE_TIME] < 300'],
      failureThreshold: 3,
      successThreshold: 2,
      alerts: { email: ['ops@example.org', 'oncall@example.org'], webhooks: [] },
      method: 'GET',
    });
    expect(api).toMatchObject({ method: 'POST', body: '{"ping": true}', paused: true, regions: ['local-a'], intervalSeconds: 60 });
  });

  it('accepts CrossCheck field names as they are', () => {
    const { monitors } = parseConfigFile(`
endpoints:
  - name: a
    url: https://a.example
    intervalSeconds: 15
    alerts:
      email: [me@example.org]
      webhooks:
        - url: https://hooks.example/x
`);
    expect(monitors[0]).toMatchObject({ intervalSeconds: 15, alerts: { email: ['me@example.org'], webhooks: [{ url: 'https://hooks.example/x' }] } });
  });

  it.each([
    ['unknown endpoint key', 'endpoints:\n  - name: a\n    url: https://a.example\n    colour: red\n', 'endpoints[0].colour', 'unknown key'],
    ['bad interval', 'endpoints:\n  - name: a\n    url: https://a.example\n    interval: soon\n', 'endpoints[0].interval', "'soon' is not a duration"],
    // Was zod's '>=10'; now the limits as the file writes them.
    ['interval out of range', 'endpoints:\n  - name: a\n    url: https://a.example\n    interval: 5s\n', 'endpoints[0].interval', '5s is too short: from 10s to 1h (10 to 3600 seconds)'],
    ['interval too long', 'endpoints:\n  - name: a\n    url: https://a.example\n    interval: 2h\n', 'endpoints[0].interval', '2h is too long: from 10s to 1h'],
    ['a near miss of a key', 'endpoints:\n  - name: a\n    url: https://a.example\n    intervall: 30s\n', 'endpoints[0].intervall', 'unknown key; did you mean interval?'],
    ['a CrossCheck name misspelt', 'endpoints:\n  - name: a\n    url: https://a.example\n    interval_seconds: 30\n', 'endpoints[0].interval_seconds', 'unknown key; did you mean intervalSeconds?'],
    ['a DNS check without its name', 'endpoints:\n  - name: a\n    url: 8.8.8.8\n    dns:\n      query-type: A\n', 'endpoints[0].dns.query-name', 'expected string'],
    ['a DNS check with a URL for a resolver', 'endpoints:\n  - name: a\n    url: https://a.example\n    dns:\n      query-name: a.example\n      query-type: A\n', 'endpoints[0].url', 'not an IP address or host name'],
    ['an ICMP check', 'endpoints:\n  - name: a\n    url: icmp://10.0.0.1\n', 'endpoints[0].url', 'AWS Lambda cannot send ICMP'],
    ['bad condition', 'endpoints:\n  - name: a\n    url: https://a.example\n    conditions: ["[STATUS]==200"]\n', 'endpoints[0].conditions[0]', 'invalid condition: [STATUS]==200'],
    ['bad scheme', 'endpoints:\n  - name: a\n    url: ftp://a.example\n', 'endpoints[0].url', 'scheme ftp'],
    ['missing url', 'endpoints:\n  - name: a\n', 'endpoints[0].url', ''],
    ['unknown top-level key', 'endpointz: []\n', 'endpointz', 'unknown key'],
    ['unsupported client key', 'endpoints:\n  - name: a\n    url: https://a.example\n    client:\n      proxy-url: http://p\n', 'endpoints[0].client.proxy-url', 'not supported'],
    ['duplicate names', 'endpoints:\n  - name: a\n    url: https://a.example\n  - name: a\n    url: https://b.example\n', 'endpoints[1].name', 'duplicates endpoints[0].name'],
    ['endpoints not a list', 'endpoints: {}\n', 'endpoints', 'expected a list'],
  ])('%s is an error naming %s', (_label, text, path, message) => {
    const issues = issuesOf(text);
    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('warns about Gatus settings with no meaning here and goes on (they used to reject the file)', () => {
    const { monitors, warnings } = parseConfigFile(`
ui:
  title: Status
alerting:
  twilio:
    sid: x
  email:
    to: ops@example.org
endpoints:
  - name: a
    url: https://a.example
    ui:
      hide-hostname: true
    client:
      ignore-redirect: true
    alerts:
      - type: twilio
      - type: email
    conditions:
      - '[BODY].status == "UP"'
`);
    expect(monitors).toHaveLength(1);
    expect(monitors[0]).toMatchObject({ followRedirects: false, alerts: { email: ['ops@example.org'], webhooks: [] } });
    expect(warnings).toEqual([
      'ui: Gatus setting with no meaning in CrossCheck, ignored',
      'alerting.twilio: alert provider not supported here, ignored (supported: email, slack, discord, teams, teams-workflows, telegram, pagerduty, opsgenie, ntfy, custom)',
      'endpoints[0].ui: how Gatus shows the endpoint, with no meaning in CrossCheck, ignored',
      "endpoints[0].alerts[0]: alert type 'twilio' is not supported here, left out (supported: email, slack, discord, teams, teams-workflows, telegram, pagerduty, opsgenie, ntfy, custom)",
      'endpoints[0].conditions[0]: "UP" is compared with its quotes: Gatus conditions take values as written, so this matches only a value that itself has quotes; did you mean [BODY].status == UP?',
    ]);
  });

  it('reports every error of one endpoint at once: an unknown key does not hide the others', () => {
    const issues = issuesOf('endpoints:\n  - name: a\n    url: ftp://a.example\n    colour: red\n    interval: soon\n    conditions: ["[STAUTS] == 200"]\n');
    expect(issues.map((i) => i.path)).toEqual(['endpoints[0].colour', 'endpoints[0].interval', 'endpoints[0].url', 'endpoints[0].conditions[0]']);
    expect(issues[3]?.message).toContain('did you mean [STATUS]?');
  });

  it('names every bad field, not only the first', () => {
    const issues = issuesOf('endpoints:\n  - name: a\n    url: https://a.example\n    interval: 5x\n  - name: b\n    url: gopher://b\n');
    expect(issues.map((i) => i.path)).toEqual(['endpoints[0].interval', 'endpoints[1].url']);
  });

  it('reports YAML syntax errors', () => {
    expect(issuesOf('endpoints:\n  - name: [unclosed\n')[0]?.message).toMatch(/^YAML: /);
  });

  it.each([
    ['an unquoted condition', 'endpoints:\n  - name: a\n    url: https://a.example\n    conditions:\n      - [STATUS] == 200\n', 'YAML: Unexpected scalar at node end at line 5, column 18; a condition that starts with [ must be quoted, as in - "[STATUS] == 200"'],
    ['an unclosed quote', 'endpoints:\n  - name: a\n    url: "https://a.example\n    interval: 30s\n', 'YAML: Missing closing "quote at line 5, column 1; a quote is opened and never closed'],
    ['a tab', 'endpoints:\n\t- name: a\n', 'YAML: Tabs are not allowed as indentation at line 2, column 1; indent with spaces, not tabs'],
  ])('a YAML syntax error is one line with its place and a hint: %s', (_label, text, message) => {
    // It used to end in the parser's dangling 'column 10:' and its excerpt.
    expect(issuesOf(text)).toEqual([{ path: '', message }]);
  });
});
