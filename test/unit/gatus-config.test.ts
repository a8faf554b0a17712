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
    ['interval out of range', 'endpoints:\n  - name: a\n    url: https://a.example\n    interval: 5s\n', 'endpoints[0].interval', '>=10'],
    ['bad condition', 'endpoints:\n  - name: a\n    url: https://a.example\n    conditions: ["[STATUS]==200"]\n', 'endpoints[0].conditions[0]', 'invalid condition: [STATUS]==200'],
    ['bad scheme', 'endpoints:\n  - name: a\n    url: ftp://a.example\n', 'endpoints[0].url', 'scheme ftp'],
    ['missing url', 'endpoints:\n  - name: a\n', 'endpoints[0].url', ''],
    ['unknown top-level key', 'endpointz: []\n', 'endpointz', 'unknown key'],
    ['unsupported alert provider', 'endpoints:\n  - name: a\n    url: https://a.example\n    alerts:\n      - type: slack\n', 'endpoints[0].alerts[0].type', "'slack' is not supported"],
    ['unsupported client key', 'endpoints:\n  - name: a\n    url: https://a.example\n    client:\n      proxy-url: http://p\n', 'endpoints[0].client.proxy-url', 'not supported'],
    ['duplicate names', 'endpoints:\n  - name: a\n    url: https://a.example\n  - name: a\n    url: https://b.example\n', 'endpoints[1].name', 'duplicates endpoints[0].name'],
    ['endpoints not a list', 'endpoints: {}\n', 'endpoints', 'expected a list'],
  ])('%s is an error naming %s', (_label, text, path, message) => {
    const issues = issuesOf(text);
    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('names every bad field, not only the first', () => {
    const issues = issuesOf('endpoints:\n  - name: a\n    url: https://a.example\n    interval: 5x\n  - name: b\n    url: gopher://b\n');
    expect(issues.map((i) => i.path)).toEqual(['endpoints[0].interval', 'endpoints[1].url']);
  });

  it('reports YAML syntax errors', () => {
    expect(issuesOf('endpoints:\n  - name: [unclosed\n')[0]?.message).toMatch(/^YAML: /);
  });
});
