import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.ts';
import { parseDeploymentConfig } from '../../lib/config.ts';
import { PROJECT_ROOT } from '../../lib/crosscheck-function.ts';
import { readDeploymentConfig } from '../../lib/read-config.ts';

const context = (values: Record<string, unknown>) => (key: string) => values[key];

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('deployment config', () => {
  it('has defaults that synthesize offline: two regions, example addresses, no account', () => {
    expect(parseDeploymentConfig({})).toEqual({
      name: 'crosscheck',
      homeRegion: 'eu-west-1',
      probeRegions: ['eu-west-1', 'us-east-1'],
      alertFrom: 'alerts@example.org',
      alertTo: ['ops@example.org'],
      allowedPrivateRanges: [],
      logRetentionDays: 30,
      destroyLogs: true,
      checkWaveSeconds: 20,
      rollupIntervalMinutes: 15,
      ed25519NoteKey: false,
      witnesses: [],
    });
  });

  it('accepts the example config file in the repository', () => {
    const example = JSON.parse(readFileSync(join(PROJECT_ROOT, 'crosscheck.config.example.json'), 'utf8')) as Record<string, unknown>;
    expect(parseDeploymentConfig(example)).toMatchObject({ alertFrom: 'CrossCheck <alerts@example.org>', probeRegions: ['eu-west-1', 'us-east-1'] });
  });

  it('picks another second region when the home region is us-east-1', () => {
    expect(parseDeploymentConfig({ homeRegion: 'us-east-1' }).probeRegions).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('reads context strings: comma lists, JSON lists, numbers and flags', () => {
    const config = parseDeploymentConfig({
      probeRegions: 'eu-west-1, us-east-1,ap-southeast-2',
      alertTo: '["a@example.org","b@example.org"]',
      allowedPrivateRanges: '10.0.0.0/8',
      logRetentionDays: '90',
      destroyLogs: 'false',
      account: '123456789012',
      checkWaveSeconds: '10',
      rollupIntervalMinutes: '5',
    });
    expect(config).toMatchObject({
      probeRegions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
      alertTo: ['a@example.org', 'b@example.org'],
      allowedPrivateRanges: ['10.0.0.0/8'],
      logRetentionDays: 90,
      destroyLogs: false,
      account: '123456789012',
      checkWaveSeconds: 10,
      rollupIntervalMinutes: 5,
    });
  });

  it.each([
    [{ homeRegion: 'Ireland' }, 'homeRegion: must be an AWS region such as eu-west-1'],
    [{ probeRegions: 'eu-west-1' }, 'probeRegions: cross-region verification needs at least two regions'],
    [{ probeRegions: 'us-east-1,us-west-2' }, 'probeRegions: must include the home region eu-west-1'],
    [{ probeRegions: 'eu-west-1,eu-west-1' }, 'probeRegions: lists a region twice'],
    [{ alertFrom: 'alerts' }, 'alertFrom: must be an e-mail address, optionally with a name: Name <address>'],
    [{ alertFrom: 'CrossCheck <alerts>' }, 'alertFrom: must be an e-mail address, optionally with a name: Name <address>'],
    [{ alertTo: 'ops@example.org,nobody' }, 'alertTo.1: must be e-mail addresses'],
    [{ allowedPrivateRanges: '10.0.0.0/33' }, 'allowedPrivateRanges: allowedRanges[0]: "10.0.0.0/33" is not a CIDR such as 10.1.0.0/16'],
    [{ account: '1234' }, 'account: must be a 12-digit AWS account id'],
    [{ logRetentionDays: '42' }, 'logRetentionDays: '],
    [{ checkWaveSeconds: '7' }, 'checkWaveSeconds: '],
    [{ rollupIntervalMinutes: '7' }, 'rollupIntervalMinutes: '],
    [{ name: 'CrossCheck' }, 'name: must be 2-20 characters'],
    [{ homeRegion: 'eu-west-1', alertsTo: 'x@example.org' }, '(config): unknown key(s) alertsTo; known: name, account, homeRegion'],
  ])('%j is refused with a message naming the key', (raw, message) => {
    const text = errorOf(() => parseDeploymentConfig(raw));
    expect(text).toMatch(/^invalid CrossCheck deployment config:\n/);
    expect(text).toContain(`  ${message}`);
  });

  it('names every bad key at once', () => {
    const text = errorOf(() => parseDeploymentConfig({ homeRegion: 'x', alertFrom: 'y' }));
    expect(text).toContain('homeRegion:');
    expect(text).toContain('alertFrom:');
  });
});

describe('reading the config from context and a file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crosscheck-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the file, then context values on top, and ignores context keys that are not ours', async () => {
    const file = join(dir, 'crosscheck.config.json');
    await writeFile(file, JSON.stringify({ homeRegion: 'us-east-1', probeRegions: ['us-east-1', 'eu-central-1'], alertFrom: 'file@example.org' }));
    const config = readDeploymentConfig(context({ config: file, alertFrom: 'context@example.org', 'cli-telemetry': false }));
    expect(config).toMatchObject({ homeRegion: 'us-east-1', probeRegions: ['us-east-1', 'eu-central-1'], alertFrom: 'context@example.org' });
  });

  it('uses CDK_DEFAULT_ACCOUNT only when no account is configured', () => {
    expect(readDeploymentConfig(context({}), { CDK_DEFAULT_ACCOUNT: '111111111111' }).account).toBe('111111111111');
    expect(readDeploymentConfig(context({ account: '222222222222' }), { CDK_DEFAULT_ACCOUNT: '111111111111' }).account).toBe('222222222222');
    expect(readDeploymentConfig(context({}), {}).account).toBeUndefined();
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), /^config: cannot read .*missing\.json/],
    ['a file that is not JSON', async () => {
      const file = join(dir, 'broken.json');
      await writeFile(file, '{ homeRegion: eu-west-1 }');
      return file;
    }, /^config: .*broken\.json is not valid JSON/],
    ['a JSON list', async () => {
      const file = join(dir, 'list.json');
      await writeFile(file, '["eu-west-1"]');
      return file;
    }, /^config: .*list\.json must hold a JSON object$/],
  ])('%s is a ConfigError', async (_name, makeFile, message) => {
    const file = await makeFile();
    expect(errorOf(() => readDeploymentConfig(context({ config: file })))).toMatch(message);
  });
});
