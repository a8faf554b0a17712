/** The prober Lambda ("check now" from its region): one check under the cloud's address policy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../functions/core/check-result.ts';
import { ValidationError } from '../../functions/core/errors.ts';
import { captureOutput, lambdaContext, stubEnv } from '../helpers/lambda.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';

let target: TestServer;
let handler: (event: unknown, context: unknown) => Promise<CheckResult>;

beforeAll(async () => {
  target = await startHttpServer();
  stubEnv({ AWS_REGION: 'ap-southeast-2', CROSSCHECK_ALLOWED_PRIVATE_RANGES: `127.0.0.1/32` });
  ({ handler } = (await import('../../functions/prober/handler.ts')) as unknown as { handler: typeof handler });
  const output = captureOutput();
  return () => output.restore();
});

afterAll(async () => {
  await target.close();
});

describe('prober handler', () => {
  it('checks the definition from its own region and answers the result', async () => {
    const result = await handler({ monitor: { name: 'Shop', url: `${target.origin}/health` } }, lambdaContext('crosscheck-prober'));
    expect(result).toMatchObject({ region: 'ap-southeast-2', status: 200, success: true, cause: null });
    expect(target.requests[0]?.headers['x-crosscheck-region']).toBe('ap-southeast-2');
  });

  it('refuses private addresses that are not explicitly allowed (cloud policy)', async () => {
    const port = new URL(target.origin).port;
    const result = await handler({ monitor: { name: 'Other', url: `http://127.0.0.2:${port}/` } }, lambdaContext('crosscheck-prober'));
    expect(result).toMatchObject({ success: false, cause: 'blocked' });
  });

  it('refuses a request that is not a monitor definition', async () => {
    await expect(handler({ monitor: { name: 'No URL' } }, lambdaContext('crosscheck-prober'))).rejects.toBeInstanceOf(ValidationError);
  });
});
