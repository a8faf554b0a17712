/**
 * lambdaHandler, the one way a Lambda function is made: its environment read at the
 * first event (one ConfigError naming each bad variable, tried again at the next event),
 * its dependencies built once per container, its handler inside the Powertools chain.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../functions/core/errors.ts';
import { ENV } from '../../functions/lambda/env-names.ts';
import { env } from '../../functions/lambda/env.ts';
import { lambdaHandler } from '../../functions/lambda/lambda-handler.ts';
import { MetricUnit } from '../../functions/lambda/observability.ts';
import { captureOutput, lambdaContext, stubEnv, type CapturedOutput } from '../helpers/lambda.ts';

let output: CapturedOutput;

beforeEach(() => {
  // Powertools counts a cold start only in an on-demand container, as Lambda says.
  stubEnv({ CROSSCHECK_TABLE: 'crosscheck', CROSSCHECK_REGIONS: 'eu-west-1,us-east-1', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
  output = captureOutput();
});

afterEach(() => {
  output.restore();
  vi.unstubAllEnvs();
});

/** A function that reads the table and the regions, counts how often its deps are built, and echoes. */
function echoFunction(metrics?: { coldStart?: boolean } | false) {
  const built = vi.fn();
  const handler = lambdaHandler({
    env: { tableName: [ENV.table, env.text], regions: [ENV.regions, env.regions] },
    deps(config) {
      built(config);
      return { table: config.tableName, regions: config.regions };
    },
    async handle(event: { say: string }, context, { table, regions, logger, metrics }) {
      metrics.addMetric('Echoes', MetricUnit.Count, 1);
      logger.info('echo', { say: event.say });
      return { said: event.say, table, regions, functionName: context.functionName };
    },
    ...(metrics === undefined ? {} : { metrics }),
  });
  return { handler, built };
}

describe('lambdaHandler', () => {
  it('reads the environment at the first event, builds the deps once per container and hands them to every invocation', async () => {
    const { handler, built } = echoFunction();
    expect(built).not.toHaveBeenCalled();

    expect(await handler({ say: 'one' }, lambdaContext('crosscheck-echo'))).toEqual({
      said: 'one',
      table: 'crosscheck',
      regions: ['eu-west-1', 'us-east-1'],
      functionName: 'crosscheck-echo',
    });
    await handler({ say: 'two' }, lambdaContext('crosscheck-echo'));

    expect(built).toHaveBeenCalledTimes(1);
    expect(built).toHaveBeenCalledWith({ tableName: 'crosscheck', regions: ['eu-west-1', 'us-east-1'] });
  });

  it('logs with the Lambda context and publishes its metrics after each invocation, with the cold start once', async () => {
    const { handler } = echoFunction();
    await handler({ say: 'one' }, lambdaContext('crosscheck-echo'));
    await handler({ say: 'two' }, lambdaContext('crosscheck-echo'));

    expect(output.logs('echo').map((line) => [line['say'], line['function_name']])).toEqual([
      ['one', 'crosscheck-echo'],
      ['two', 'crosscheck-echo'],
    ]);
    expect(output.metrics()).toEqual({ Echoes: 2, ColdStart: 1 });
  });

  it.each([
    ['without the cold start metric', { coldStart: false }, { Echoes: 1 }],
    ['no metrics at all', false as const, {}],
  ])('publishes %s when asked to', async (_label, metrics, expected) => {
    await echoFunction(metrics).handler({ say: 'one' }, lambdaContext('crosscheck-echo'));
    expect(output.metrics()).toEqual(expected);
  });

  it('fails with one ConfigError naming each bad variable, and reads the environment again at the next event', async () => {
    vi.stubEnv('CROSSCHECK_TABLE', undefined);
    vi.stubEnv('CROSSCHECK_REGIONS', 'eu-west-1,EU WEST');
    const { handler, built } = echoFunction();

    const failure = await handler({ say: 'one' }, lambdaContext()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toBe(
      'invalid function environment: CROSSCHECK_TABLE: is not set; CROSSCHECK_REGIONS[1]: must be a region name such as eu-west-1 or local-a',
    );
    expect(built).not.toHaveBeenCalled();

    vi.stubEnv('CROSSCHECK_TABLE', 'crosscheck');
    vi.stubEnv('CROSSCHECK_REGIONS', 'eu-west-1');
    expect(await handler({ say: 'two' }, lambdaContext())).toMatchObject({ said: 'two', regions: ['eu-west-1'] });
  });

  it('gives each call its own container: deps, logger and metrics are never shared between functions', async () => {
    const a = echoFunction();
    const b = echoFunction();
    await a.handler({ say: 'a' }, lambdaContext('crosscheck-a'));
    await b.handler({ say: 'b' }, lambdaContext('crosscheck-b'));
    expect(a.built).toHaveBeenCalledTimes(1);
    expect(b.built).toHaveBeenCalledTimes(1);
    expect(output.metrics()).toEqual({ Echoes: 2, ColdStart: 2 });
  });
});
